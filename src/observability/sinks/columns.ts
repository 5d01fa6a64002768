/**
 * The `usage_records` table, one definition for every SQL backend: column name, SQLite type,
 * PostgreSQL type, and how a record value becomes a parameter.
 */
import { fieldValue, RECORD_FIELDS, type UsageRecord } from "../record.js";

type Kind = "text" | "int" | "real" | "bool" | "json" | "timestamp";

const KINDS: Record<(typeof RECORD_FIELDS)[number], Kind> = {
  request_id: "text",
  trace_id: "text",
  timestamp: "timestamp",
  tenant: "text",
  team: "text",
  consumer: "text",
  key: "text",
  workflow: "text",
  sensitivity: "text",
  user: "text",
  route: "text",
  model: "text",
  provider: "text",
  provider_model: "text",
  prompt_version: "text",
  stream: "bool",
  status: "int",
  error_code: "text",
  attempts: "int",
  fallback_used: "bool",
  target: "text",
  failed_attempts: "json",
  resumed: "bool",
  cache_status: "text",
  validation_result: "json",
  input_tokens: "int",
  output_tokens: "int",
  cached_tokens: "int",
  cache_write_tokens: "int",
  reasoning_tokens: "int",
  usage_source: "text",
  cost_usd: "real",
  latency_ms: "real",
  gateway_overhead_ms: "real",
  upstream_latency_ms: "real",
  ttft_ms: "real",
  tpot_ms: "real",
  warnings: "json",
  request_payload: "json",
  response_payload: "json",
};

const SQLITE_TYPES: Record<Kind, string> = {
  text: "TEXT",
  int: "INTEGER",
  real: "REAL",
  bool: "INTEGER",
  json: "TEXT",
  timestamp: "TEXT",
};

const PG_TYPES: Record<Kind, string> = {
  text: "TEXT",
  int: "BIGINT",
  real: "DOUBLE PRECISION",
  bool: "BOOLEAN",
  json: "JSONB",
  timestamp: "TIMESTAMPTZ",
};

/** Column names in insert order. */
export const COLUMNS: readonly string[] = RECORD_FIELDS;

/** `CREATE TABLE IF NOT EXISTS` for a dialect; request_id is unique so a retried batch is idempotent. */
export function createTableSql(dialect: "sqlite" | "postgres", table: string): string[] {
  const types = dialect === "sqlite" ? SQLITE_TYPES : PG_TYPES;
  const cols = RECORD_FIELDS.map((f) => {
    const notNull = f === "request_id" || f === "timestamp" ? " NOT NULL" : "";
    return `  "${f}" ${types[KINDS[f]]}${notNull}`;
  });
  return [
    `CREATE TABLE IF NOT EXISTS "${table}" (\n${cols.join(",\n")},\n  UNIQUE ("request_id")\n)`,
    `CREATE INDEX IF NOT EXISTS "${table}_timestamp" ON "${table}" ("timestamp")`,
  ];
}

/**
 * `ALTER TABLE … ADD COLUMN` for the record fields a table made by an older version lacks (a
 * field added to the record must not make every insert into an existing table fail).
 */
export function addColumnsSql(
  dialect: "sqlite" | "postgres",
  table: string,
  existing: ReadonlySet<string>,
): string[] {
  const types = dialect === "sqlite" ? SQLITE_TYPES : PG_TYPES;
  return RECORD_FIELDS.filter((f) => !existing.has(f)).map(
    (f) => `ALTER TABLE "${table}" ADD COLUMN "${f}" ${types[KINDS[f]]}`,
  );
}

/** The parameter values of one record, in column order, for a dialect. */
export function toRow(record: UsageRecord, dialect: "sqlite" | "postgres"): unknown[] {
  const row = new Array<unknown>(RECORD_FIELDS.length);
  for (let i = 0; i < RECORD_FIELDS.length; i++) {
    const field = RECORD_FIELDS[i]!;
    const v = fieldValue(record, field);
    row[i] = v === null ? null : convert(v, KINDS[field], dialect);
  }
  return row;
}

function convert(value: unknown, kind: Kind, dialect: "sqlite" | "postgres"): unknown {
  switch (kind) {
    case "json":
      return JSON.stringify(value);
    case "bool":
      return dialect === "sqlite" ? (value ? 1 : 0) : Boolean(value);
    case "int":
      return typeof value === "number" ? Math.round(value) : value;
    default:
      return value;
  }
}

/** Each column's kind, in column order (for the SQLite worker, which converts on its side). */
export function columnKinds(): string[] {
  return RECORD_FIELDS.map((f) => KINDS[f]);
}

/** The parameterized single-row INSERT for SQLite (a retried request_id is ignored). */
export function sqliteInsertSql(table: string): string {
  const cols = COLUMNS.map((c) => `"${c}"`).join(", ");
  return `INSERT OR IGNORE INTO "${table}" (${cols}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;
}
