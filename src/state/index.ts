/**
 * The state layer: storage behind two small interfaces. `openCounterStore` gives counters and
 * budget holds (memory or Redis), `openRecordStore` documents and the usage ledger (SQLite or
 * PostgreSQL). docs/state.md describes the semantics and each backend's guarantees.
 */
import { z } from "zod";
import {
  type CounterStoreConfigInput,
  counterStoreConfigSchema,
  type RecordStoreConfigInput,
  recordStoreConfigSchema,
} from "./config.js";
import type { CounterStore } from "./counter-types.js";
import { StateInputError } from "./errors.js";
import { MemoryCounterStore } from "./memory/counter-store.js";
import { openPostgresRecordStore } from "./postgres/record-store.js";
import type { RecordStore } from "./record-types.js";
import { RedisCounterStore } from "./redis/counter-store.js";
import { openSqliteRecordStore } from "./sqlite/record-store.js";

export * from "./config.js";
export * from "./types.js";

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new StateInputError(`invalid ${what} config: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Options that are code, not config. */
export interface OpenOptions {
  /** Background connection errors (Redis reconnects, idle PostgreSQL connections). Never carries secrets. */
  onError?: (error: Error) => void;
}

/**
 * A CounterStore for `config`. Redis does not wait for its connection: calls queue for at most
 * `command_timeout_ms`, then reject with StateUnavailableError while Redis is unreachable.
 * Throws StateInputError on an invalid config.
 */
export async function openCounterStore(
  config: CounterStoreConfigInput,
  options: OpenOptions = {},
): Promise<CounterStore> {
  const c = parse(counterStoreConfigSchema, config, "counter store");
  if (c.backend === "memory") return new MemoryCounterStore();
  return new RedisCounterStore({
    url: c.url,
    prefix: c.prefix,
    connectTimeoutMs: c.connect_timeout_ms,
    commandTimeoutMs: c.command_timeout_ms,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}

/**
 * A RecordStore for `config`, with its migrations applied. Rejects with StateUnavailableError
 * when the database cannot be opened or migrated, StateInputError on an invalid config.
 */
export async function openRecordStore(
  config: RecordStoreConfigInput,
  options: OpenOptions = {},
): Promise<RecordStore> {
  const c = parse(recordStoreConfigSchema, config, "record store");
  if (c.backend === "sqlite") return openSqliteRecordStore({ path: c.path });
  return openPostgresRecordStore({
    url: c.url,
    poolMax: c.pool_max,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
