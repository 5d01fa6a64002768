/**
 * A schema migration: applied once, in version order, inside one transaction, and recorded in
 * `tollgate_migrations` (version, name, applied_at). Versions only ever grow: a released
 * migration is never edited, a change is a new migration.
 */
export interface Migration {
  version: number;
  name: string;
  /** Statements run in order in the migration's transaction. */
  statements: string[];
}

/** Throws unless versions are positive, unique and ascending (a programming error, caught by tests). */
export function checkMigrations(migrations: readonly Migration[]): void {
  let last = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= last) {
      throw new Error(`migration versions must ascend: ${m.version} after ${last}`);
    }
    last = m.version;
  }
}
