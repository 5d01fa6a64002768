import { describe, expect, it } from "vitest";
import { REDIS_URL } from "../../test/support/services.js";
import {
  counterStoreConfigSchema,
  openCounterStore,
  openRecordStore,
  recordStoreConfigSchema,
  StateInputError,
} from "./index.js";

describe("state config", () => {
  it("fills defaults", () => {
    expect(counterStoreConfigSchema.parse({ backend: "redis", url: "redis://h:6379" })).toEqual({
      backend: "redis",
      url: "redis://h:6379",
      prefix: "tollgate:",
      connect_timeout_ms: 1000,
      command_timeout_ms: 1000,
    });
    expect(recordStoreConfigSchema.parse({ backend: "postgres", url: "postgres://u@h/db" })).toMatchObject({
      pool_max: 10,
    });
  });

  it.each([
    [{ backend: "redis", url: "http://h" }, /url/],
    [{ backend: "redis", url: "redis://h", prefix: "a{b}" }, /prefix/],
    [{ backend: "memcached" }, /backend/],
    [{ backend: "memory", extra: 1 }, /extra/],
  ])("refuses the counter config %j with a clear error", async (config, message) => {
    const opening = openCounterStore(config as never);
    await expect(opening).rejects.toBeInstanceOf(StateInputError);
    await expect(opening).rejects.toThrow(message);
  });

  it.each([
    [{ backend: "sqlite" }, /path/],
    [{ backend: "postgres", url: "mysql://h/db" }, /url/],
  ])("refuses the record config %j with a clear error", async (config, message) => {
    await expect(openRecordStore(config as never)).rejects.toThrow(message);
  });

  it("opens each backend from config", async () => {
    const memory = await openCounterStore({ backend: "memory" });
    expect(memory.backend).toBe("memory");
    await memory.close();
    const redis = await openCounterStore({ backend: "redis", url: REDIS_URL, prefix: "tgtest:factory:" });
    expect(redis.backend).toBe("redis");
    await redis.close();
    const sqlite = await openRecordStore({ backend: "sqlite", path: ":memory:" });
    expect((await sqlite.migrations()).length).toBeGreaterThan(0);
    await sqlite.close();
  });
});
