import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { PROVIDERS } from "../providers/registry.js";
import { TIMER_MAX_MS } from "./bounds.js";
import { loadConfigText } from "./load.js";
import { rootSchema } from "./schema.js";
import { numberSettings } from "./schema-walk.js";

type Num = z.ZodType & { maxValue: number; minValue: number; isInt: boolean };

const SCHEMAS: Array<[string, z.ZodType]> = [
  ["(root)", rootSchema],
  ...[...PROVIDERS.values()].flatMap(
    (d): Array<[string, z.ZodType]> => [
      [`providers.${d.type}`, d.schema],
      ...(d.targetSchema ? [[`targets.${d.type}`, d.targetSchema] as [string, z.ZodType]] : []),
    ],
  ),
];

describe("every duration, size and count setting is bounded (issue 8, item 6)", () => {
  const settings = SCHEMAS.flatMap(([where, schema]) =>
    numberSettings(schema).map((s) => ({ name: `${where}: ${s.path}`, schema: s.schema as Num })),
  );

  it("finds the settings it checks", () => {
    const names = settings.map((s) => s.name);
    expect(names).toContain("(root): server.shutdown_grace_ms");
    expect(names).toContain("providers.openai: timeouts.connect_ms");
    expect(names).toContain("(root): observability.webhook.timeout_ms");
  });

  it.each(settings.map((s) => [s.name, s.schema] as const))(
    "%s has a finite upper bound that a timer or buffer can hold",
    (_name, schema) => {
      expect(schema.maxValue).toBeLessThanOrEqual(TIMER_MAX_MS);
      expect(schema.minValue).toBeGreaterThanOrEqual(0);
    },
  );

  it("refuses shutdown_grace_ms past the timer range instead of waiting 1 ms", () => {
    const r = loadConfigText(`server: { shutdown_grace_ms: ${2 ** 31} }`, {});
    expect(!r.ok && r.problems).toEqual(["server.shutdown_grace_ms: must be at most 3600000 ms (1 h)"]);
  });

  it.each([
    [
      "providers: { o: { type: openai, api_key: sk-0123456, timeouts: { idle_ms: 2147483648 } } }",
      "providers.o.timeouts.idle_ms: must be at most 3600000 ms (1 h)",
    ],
    [
      "observability: { webhook: { url: 'http://127.0.0.1:1/x', flush_ms: 1e12 } }",
      "observability.webhook.flush_ms: must be at most 600000 ms (10 min)",
    ],
    ["server: { body_limit: 4294967296 }", "server.body_limit: must be at most 1073741824 bytes (1.0 GiB)"],
    [
      "observability: { database: { url: 'sqlite://:memory:', max_queue: 1e9 } }",
      "observability.database.max_queue: must be at most 1000000",
    ],
    [
      "server: { shutdown_grace_ms: 1.5 }",
      "server.shutdown_grace_ms: must be a whole number of milliseconds",
    ],
  ])("%s → %s", (text, problem) => {
    const r = loadConfigText(text, {});
    expect(!r.ok && r.problems).toEqual([problem]);
  });
});
