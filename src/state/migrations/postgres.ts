/**
 * The PostgreSQL schema, as migrations. Times are BIGINT ms since the epoch, documents JSONB.
 * Text columns use the "C" collation so that ids and groups sort by code point, as in SQLite:
 * list cursors and sum order then mean the same thing on both backends.
 */
import type { Migration } from "./migration.js";

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "documents and usage ledger",
    statements: [
      `CREATE TABLE tollgate_documents (
        kind TEXT COLLATE "C" NOT NULL, scope TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL,
        doc JSONB NOT NULL,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, expires_at BIGINT,
        PRIMARY KEY (kind, scope, id))`,
      `CREATE INDEX tollgate_documents_listing ON tollgate_documents (kind, scope, created_at, id)`,
      `CREATE INDEX tollgate_documents_expiry ON tollgate_documents (expires_at) WHERE expires_at IS NOT NULL`,
      `CREATE TABLE tollgate_ledger (
        ts BIGINT NOT NULL, request_id TEXT NOT NULL UNIQUE,
        "key" TEXT COLLATE "C", consumer TEXT COLLATE "C", team TEXT COLLATE "C", tenant TEXT COLLATE "C",
        model TEXT COLLATE "C", provider TEXT COLLATE "C", workflow TEXT COLLATE "C",
        input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, cached_tokens BIGINT NOT NULL,
        reasoning_tokens BIGINT NOT NULL, total_tokens BIGINT NOT NULL, cost_usd DOUBLE PRECISION NOT NULL)`,
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
