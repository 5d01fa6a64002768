import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { compile } from "../config/compile.js";
import { validateConfig } from "../config/load.js";
import type { PluginDefinition } from "../pipeline/plugin.js";
import { BUILTIN_PLUGINS } from "../plugins/registry.js";
import { type PluginRegistry, Runtime } from "./runtime.js";
import type { CompiledTarget } from "./serving.js";

const closed: string[] = [];
const tracked: PluginDefinition<{ tag: string }> = {
  name: "tracked",
  configSchema: z.object({ tag: z.string() }).strict(),
  create: (c) => ({ name: "tracked", priority: 10, failMode: "open", close: () => void closed.push(c.tag) }),
};
const registry: PluginRegistry = new Map([...BUILTIN_PLUGINS, ["tracked", tracked]]);

function snapshot(apiKey: string, tag: string) {
  const r = validateConfig(
    {
      providers: { a: { type: "openai", api_key: apiKey }, b: { type: "anthropic", api_key: "sk-ant" } },
      models: [{ name: "m", targets: [{ provider: "a", model: "gpt-4o-mini" }] }],
      keys: [{ name: "k", key: "tg-0123456789" }],
      plugins: [{ name: "tracked", config: { tag } }],
    },
    {},
    registry,
  );
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return compile(r.config);
}

describe("Runtime", () => {
  it("keeps provider instances whose config did not change, and rebuilds the ones that did", () => {
    const rt = new Runtime(registry, pino({ level: "silent" }));
    const one = rt.bind(snapshot("sk-1", "x"));
    const two = rt.bind(snapshot("sk-1", "x"));
    expect(two.providers.get("a")).toBe(one.providers.get("a"));
    expect(two.providers.get("b")).toBe(one.providers.get("b"));
    const three = rt.bind(snapshot("sk-2", "x"));
    expect(three.providers.get("a")).not.toBe(two.providers.get("a"));
    expect(three.providers.get("b")).toBe(two.providers.get("b"));
    expect(three.models.get("m")!.targets[0]!.provider).toBe(three.providers.get("a"));
  });

  it("keeps plugin instances across reloads and closes a dropped one after its last request", async () => {
    closed.length = 0;
    const rt = new Runtime(registry, pino({ level: "silent" }));
    const first = rt.bind(snapshot("sk-1", "old"));
    first.retain(); // a request still in flight on the first generation
    const same = rt.bind(snapshot("sk-1", "old"));
    expect(same.pipeline.plugins).toEqual(first.pipeline.plugins);
    same.retain();
    rt.bind(snapshot("sk-1", "new"));
    same.release();
    await Promise.resolve();
    expect(closed).toEqual([]); // `first` still holds the old instance
    first.release();
    await new Promise((r) => setImmediate(r));
    expect(closed).toEqual(["old"]);
  });

  it("runs a model's health checks while its router serves, and stops them when a reload replaces it", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    try {
      const probed: CompiledTarget[] = [];
      const rt = new Runtime(registry, pino({ level: "silent" }), undefined, undefined, {}, async (t) => {
        probed.push(t);
      });
      const checked = (interval_ms: number) => {
        const r = validateConfig(
          {
            providers: { a: { type: "openai", api_key: "sk-1" } },
            models: [{ name: "m", health_check: { interval_ms }, targets: [{ provider: "a", model: "x" }] }],
          },
          {},
          registry,
        );
        if (!r.ok) throw new Error(r.problems.join("\n"));
        return compile(r.config);
      };
      const first = rt.bind(checked(1000)).models.get("m")!.targets[0]!;
      await vi.advanceTimersByTimeAsync(2000);
      expect(probed.filter((t) => t === first)).toHaveLength(3); // at once, then every second
      // Unchanged: the same router and checker go on.
      expect(rt.bind(checked(1000)).models.get("m")!.targets[0]).toBe(first);
      const second = rt.bind(checked(500)).models.get("m")!.targets[0]!;
      expect(second).not.toBe(first);
      probed.length = 0;
      await vi.advanceTimersByTimeAsync(2000);
      expect(probed.filter((t) => t === first)).toHaveLength(0);
      expect(probed.filter((t) => t === second).length).toBeGreaterThanOrEqual(4);
      await rt.close();
      probed.length = 0;
      await vi.advanceTimersByTimeAsync(2000);
      expect(probed).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
