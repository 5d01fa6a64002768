import { describe, expect, it } from "vitest";
import { validateConfig } from "./load.js";
import { settingsNeedingRestart } from "./restart-needed.js";
import type { RootConfig } from "./schema.js";

const config = (raw: Record<string, unknown>): RootConfig => {
  const r = validateConfig(raw, {});
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
};

describe("settingsNeedingRestart", () => {
  const base = config({});

  it.each([
    [{ server: { host: "0.0.0.0" } }, ["server.host"]],
    [{ server: { port: 1234 } }, ["server.port"]],
    [{ server: { body_limit: 1024 } }, []],
    [{ admin: { enabled: false, port: 9 } }, ["admin.enabled", "admin.port"]],
    [{ logging: { level: "debug" } }, ["logging.level"]],
    [
      { observability: { database: { url: "sqlite://:memory:" }, log_payloads: true } },
      ["observability.database", "observability.log_payloads"],
    ],
    [{ auth: { mode: "none" }, keys: [{ name: "a", key: "tg-0123456789" }] }, []],
  ])("%j → %j", (raw, expected) => {
    expect(settingsNeedingRestart(base, config(raw))).toEqual(expected);
  });

  it("names a setting whose value holds a secret without the value", () => {
    const a = config({
      observability: { webhook: { url: "http://h/x", headers: { authorization: "old-secret" } } },
    });
    const b = config({
      observability: { webhook: { url: "http://h/x", headers: { authorization: "new-secret" } } },
    });
    expect(settingsNeedingRestart(a, b)).toEqual(["observability.webhook"]);
  });
});
