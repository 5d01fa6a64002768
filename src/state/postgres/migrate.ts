/**
 * Applies pending migrations to PostgreSQL under a session advisory lock, so gateway nodes
 * starting together apply each migration once: the second waits for the first, then finds
 * nothing left to do. Each migration runs in its own transaction with its bookkeeping row.
 */
import type pg from "pg";
import { checkMigrations, type Migration } from "../migrations/migration.js";

/** The advisory lock key: any constant that other software is unlikely to use (locks are per database). */
const LOCK_KEY = "746700420191";

/** Creates `tollgate_migrations` if needed, then applies what is missing, in order. */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<void> {
  checkMigrations(migrations);
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS tollgate_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
      const { rows } = await client.query<{ version: number }>("SELECT version FROM tollgate_migrations");
      const applied = new Set(rows.map((r) => Number(r.version)));
      for (const migration of migrations) {
        if (!applied.has(migration.version)) await applyOne(client, migration);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {
        broken = true;
      });
    }
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // why: a client whose session may still hold the lock must not go back to the pool.
    client.release(broken);
  }
}

async function applyOne(client: pg.PoolClient, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    for (const statement of migration.statements) await client.query(statement);
    await client.query("INSERT INTO tollgate_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
      migration.version,
      migration.name,
      Date.now(),
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${migration.version} (${migration.name}) failed: ${why}`, { cause: error });
  }
}
