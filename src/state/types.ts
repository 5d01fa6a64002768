/**
 * The state layer's public types: the two store interfaces, their request and result types, and
 * the two errors. Nothing here names a backend's own types (ioredis, pg, better-sqlite3).
 */
export type {
  CounterStore,
  ExceededItem,
  HoldRef,
  ReserveItem,
  ReserveRequest,
  ReserveResult,
  SettleResult,
} from "./counter-types.js";
export { StateInputError, StateUnavailableError } from "./errors.js";
export type {
  AppliedMigration,
  DocumentPage,
  LedgerDimension,
  LedgerMeasure,
  LedgerRow,
  LedgerSum,
  LedgerSumQuery,
  ListOptions,
  PutOptions,
  RecordStore,
  ScopeOption,
  StoredDocument,
} from "./record-types.js";
