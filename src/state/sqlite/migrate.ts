/**
 * Applies pending migrations to a SQLite database. Each migration runs in a BEGIN IMMEDIATE
 * transaction that first re-checks whether it is applied: IMMEDIATE takes SQLite's write lock,
 * so two processes opening the same file cannot both apply one.
 */
import type Database from "better-sqlite3";
import { checkMigrations, type Migration } from "../migrations/migration.js";

/** Creates `tollgate_migrations` if needed, then applies what is missing, in order. */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[]): void {
  checkMigrations(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS tollgate_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = db.prepare("SELECT 1 FROM tollgate_migrations WHERE version = ?");
  const record = db.prepare("INSERT INTO tollgate_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      if (applied.get(migration.version)) return;
      for (const statement of migration.statements) db.exec(statement);
      record.run(migration.version, migration.name, Date.now());
    });
    try {
      apply.immediate();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${why}`, { cause: error });
    }
  }
}
