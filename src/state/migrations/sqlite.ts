/** The SQLite schema, as migrations. Times are INTEGER ms since the epoch. */
import type { Migration } from "./migration.js";

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "documents and usage ledger",
    statements: [
      `CREATE TABLE tollgate_documents (
        kind TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER,
        PRIMARY KEY (kind, scope, id))`,
      `CREATE INDEX tollgate_documents_listing ON tollgate_documents (kind, scope, created_at, id)`,
      `CREATE INDEX tollgate_documents_expiry ON tollgate_documents (expires_at) WHERE expires_at IS NOT NULL`,
      `CREATE TABLE tollgate_ledger (
        ts INTEGER NOT NULL, request_id TEXT NOT NULL UNIQUE,
        "key" TEXT, consumer TEXT, team TEXT, tenant TEXT, model TEXT, provider TEXT, workflow TEXT,
        input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL)`,
      `CREATE INDEX tollgate_ledger_ts ON tollgate_ledger (ts)`,
    ],
  },
  {
    version: 2,
    name: "ledger indexes for budget rebuilds by key and tenant",
    statements: [
      `CREATE INDEX tollgate_ledger_key_ts ON tollgate_ledger ("key", ts)`,
      `CREATE INDEX tollgate_ledger_tenant_ts ON tollgate_ledger (tenant, ts)`,
    ],
  },
];
