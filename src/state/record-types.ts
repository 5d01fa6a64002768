/**
 * The RecordStore contract: scoped JSON documents with expiry, and an append-only usage ledger.
 * Every backend (sqlite, postgres) passes the same suite, `record-store.contract.ts`.
 * Times are milliseconds since the epoch throughout.
 */

/** Where a document lives. Documents in different scopes never see each other. */
export interface ScopeOption {
  /**
   * The owner (e.g. the Tollgate key name that stored a response). Omitted = the shared,
   * unscoped space, which is itself just another scope: it does not see scoped documents.
   */
  scope?: string;
}

export interface PutOptions extends ScopeOption {
  /** After this time the document is invisible, and `purgeExpired` deletes it. */
  expiresAt?: number;
}

export interface ListOptions extends ScopeOption {
  /** Page size, 1 to 1000. */
  limit: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

/** A stored document and its bookkeeping. */
export interface StoredDocument<T = unknown> {
  kind: string;
  id: string;
  /** The scope it was stored in, null for the unscoped space. */
  scope: string | null;
  doc: T;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
}

/** One page of documents, oldest first (creation time, then id); `next` is null on the last page. */
export interface DocumentPage<T = unknown> {
  items: StoredDocument<T>[];
  next: string | null;
}

/**
 * One row of the usage ledger: what a request used and cost, with the dimensions budgets and
 * usage queries key on. Dimensions are null when unknown. Token counts follow the usage record:
 * input includes cached tokens, output includes reasoning tokens.
 */
export interface LedgerRow {
  /** When the request was admitted (the limits engine writes the instant it chose the periods). */
  timestamp: number;
  /** Unique: appending a row whose request_id is already stored does nothing. */
  request_id: string;
  /** The Tollgate key's name, never its secret. */
  key: string | null;
  consumer: string | null;
  team: string | null;
  tenant: string | null;
  /** The model name the client asked for. */
  model: string | null;
  /** The provider (config name) that served it. */
  provider: string | null;
  workflow: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  /** Usually input + output; kept separately because some providers bill totals differently. */
  total_tokens: number;
  /** Cost in US dollars (a double; sums are exact to far below a cent at realistic volumes). */
  cost_usd: number;
}

/** The columns a ledger query can filter and group on. */
export type LedgerDimension = "key" | "consumer" | "team" | "tenant" | "model" | "provider" | "workflow";

/** Every ledger dimension, in the order the admin API and the CLI name them. */
export const LEDGER_DIMENSIONS: readonly LedgerDimension[] = [
  "key",
  "consumer",
  "team",
  "tenant",
  "model",
  "provider",
  "workflow",
];

/** The numeric columns a ledger query sums. */
export type LedgerMeasure =
  | "input_tokens"
  | "output_tokens"
  | "cached_tokens"
  | "reasoning_tokens"
  | "total_tokens"
  | "cost_usd";

/** Sums over `from ≤ timestamp < to`, filtered by equality on dimensions, grouped by others. */
export interface LedgerSumQuery {
  from: number;
  to: number;
  /** Equality filters; null matches rows where the dimension is unknown. */
  where?: Partial<Record<LedgerDimension, string | null>>;
  groupBy?: LedgerDimension[];
}

/** One group of a ledger sum: its dimension values, the row count, and every measure summed. */
export type LedgerSum = {
  group: Partial<Record<LedgerDimension, string | null>>;
  requests: number;
} & Record<LedgerMeasure, number>;

/** A migration recorded in `tollgate_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: number;
}

/** Documents and the usage ledger behind one interface. */
export interface RecordStore {
  /** `sqlite` or `postgres`. */
  readonly backend: string;
  /** Inserts or replaces the document (creation time is kept on replace). */
  put(kind: string, id: string, doc: unknown, options?: PutOptions): Promise<void>;
  /** The document, or null when absent, expired, or stored in another scope. */
  get<T = unknown>(kind: string, id: string, options?: ScopeOption): Promise<StoredDocument<T> | null>;
  /** True when a document was deleted (only within the given scope). */
  delete(kind: string, id: string, options?: ScopeOption): Promise<boolean>;
  /** A page of unexpired documents of one kind in one scope. */
  list<T = unknown>(kind: string, options: ListOptions): Promise<DocumentPage<T>>;
  /** Deletes documents expired at `now`; returns how many. */
  purgeExpired(now?: number): Promise<number>;
  /** Appends ledger rows; rows whose request_id is already stored are skipped. Returns rows added. */
  append(rows: LedgerRow[]): Promise<number>;
  /** Sums the ledger; with no `groupBy`, one row (zeros when nothing matched). */
  sum(query: LedgerSumQuery): Promise<LedgerSum[]>;
  /** The migrations applied to this database, in order. */
  migrations(): Promise<AppliedMigration[]>;
  /** Releases the connection pool or file; later calls reject with `StateUnavailableError`. */
  close(): Promise<void>;
}
