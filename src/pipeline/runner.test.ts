import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import { GatewayError } from "../canonical/errors.js";
import type { UsageRecord } from "../observability/record.js";
import type { CompiledTarget } from "../runtime/serving.js";
import type { RequestContext } from "./context.js";
import type { Plugin } from "./plugin.js";
import { Pipeline } from "./runner.js";

const ctx = () => ({ state: new Map(), warnings: [] }) as unknown as RequestContext;
const req = (): ChatRequest => ({ model: "m", messages: [], stream: false });
const target = {} as CompiledTarget;
const errors: string[] = [];
const report = (plugin: string, phase: string) => void errors.push(`${plugin}:${phase}`);

describe("Pipeline", () => {
  it("runs access in priority order and unwinds response hooks in reverse, only for plugins whose access ran", async () => {
    const seen: string[] = [];
    const p = (name: string, priority: number, refuse = false): Plugin => ({
      name,
      priority,
      failMode: "closed",
      access: () => {
        seen.push(`access:${name}`);
        return refuse ? { refuse: GatewayError.invalid("no") } : undefined;
      },
      response: (_c, r) => {
        seen.push(`response:${name}`);
        return r;
      },
    });
    const pipeline = new Pipeline([p("c", 30), p("a", 10), p("b", 20, true)], report);
    const c = ctx();
    expect(await pipeline.access(c)).toHaveProperty("refuse");
    await pipeline.response(c, { id: "", model: "", created: 0, choices: [] });
    expect(seen).toEqual(["access:a", "access:b", "response:b", "response:a"]);
  });

  it("fail-open access failures are reported and skipped; fail-closed ones refuse with plugin_failed", async () => {
    const boom = (failMode: "open" | "closed"): Plugin => ({
      name: `boom-${failMode}`,
      priority: 1,
      failMode,
      access: () => {
        throw new Error("bug");
      },
    });
    errors.length = 0;
    expect(await new Pipeline([boom("open")], report).access(ctx())).toBeUndefined();
    await expect(new Pipeline([boom("closed")], report).access(ctx())).rejects.toMatchObject({
      status: 500,
      code: "plugin_failed",
    });
    expect(errors).toEqual(["boom-open:access", "boom-closed:access"]);
  });

  it("rewrite hooks chain replacements and say the request changed", async () => {
    const add = (name: string, priority: number): Plugin => ({
      name,
      priority,
      failMode: "closed",
      rewrite: (_c, r) => ({ request: { ...r, model: `${r.model}+${name}` } }),
    });
    const none: Plugin = { name: "none", priority: 0, failMode: "closed", rewrite: () => undefined };
    const base = req();
    const out = await new Pipeline([add("y", 2), add("x", 1), none], report).rewrite(ctx(), base);
    expect(out).toMatchObject({ changed: true, request: { model: "m+x+y" } });
    expect(base.model).toBe("m");
    expect(await new Pipeline([none], report).rewrite(ctx(), base)).toEqual({
      request: base,
      changed: false,
    });
  });

  it("upstream hooks give each attempt its own request and leave the base alone", async () => {
    let n = 0;
    const cap: Plugin = {
      name: "cap",
      priority: 1,
      failMode: "closed",
      upstream: (_c, r) => (++n === 1 ? { ...r, max_tokens: 7 } : undefined),
    };
    const pipeline = new Pipeline([cap], report);
    const base = req();
    const first = await pipeline.upstream(ctx(), base, target);
    const second = await pipeline.upstream(ctx(), base, target);
    expect(first).toMatchObject({ changed: true, request: { max_tokens: 7 } });
    expect(second).toEqual({ changed: false, request: base });
    expect(base.max_tokens).toBeUndefined();
  });

  it("log hooks get the record; a throwing or rejecting one is reported, never thrown", async () => {
    errors.length = 0;
    const got: UsageRecord[] = [];
    const plugins: Plugin[] = [
      {
        name: "sync",
        priority: 1,
        failMode: "open",
        log: () => {
          throw new Error("x");
        },
      },
      {
        name: "async",
        priority: 2,
        failMode: "open",
        log: async () => {
          throw new Error("y");
        },
      },
      { name: "ok", priority: 3, failMode: "open", log: (_c, r) => void got.push(r) },
    ];
    const record = { request_id: "r1" } as UsageRecord;
    new Pipeline(plugins, report).log(ctx(), record);
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([record]);
    expect(errors.sort()).toEqual(["async:log", "sync:log"]);
  });

  it("says whether it inspects responses (which turns the passthrough off)", () => {
    const inspect: Plugin = { name: "s", priority: 1, failMode: "open", stream: (_c, c) => c };
    expect(new Pipeline([inspect], report).inspectsResponses).toBe(true);
    expect(new Pipeline([], report).inspectsResponses).toBe(false);
  });
});

describe("guarded stream hooks", () => {
  const chunks = (n: number): AsyncIterable<ChatChunk> => ({
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < n; i++) yield { type: "text-delta", choice: 0, text: `t${i}` } as ChatChunk;
    },
  });
  const thrower = (failMode: "open" | "closed"): Plugin => ({
    name: "t",
    priority: 1,
    failMode,
    async *stream(_c, source) {
      let i = 0;
      for await (const c of source) {
        if (++i === 2) throw new Error("bug");
        yield c;
      }
    },
  });
  const collect = async (it: AsyncIterable<ChatChunk>) => {
    const out: ChatChunk[] = [];
    for await (const c of it) out.push(c);
    return out;
  };

  it("fail open: the rest of the source flows on without the plugin", async () => {
    const out = await collect(new Pipeline([thrower("open")], report).stream(ctx(), chunks(5)));
    expect(out.map((c) => (c as { text: string }).text)).toEqual(["t0", "t2", "t3", "t4"]);
  });

  it("fail closed: the stream ends with an error chunk", async () => {
    const out = await collect(new Pipeline([thrower("closed")], report).stream(ctx(), chunks(5)));
    expect(out.at(-1)).toMatchObject({ type: "error", error: { code: "plugin_failed" } });
    expect(out).toHaveLength(2);
  });

  it("a failure of the source itself is not blamed on the plugin", async () => {
    const failing: AsyncIterable<ChatChunk> = {
      async *[Symbol.asyncIterator]() {
        yield { type: "text-delta", choice: 0, text: "a" } as ChatChunk;
        throw new Error("socket reset");
      },
    };
    const pass: Plugin = { name: "p", priority: 1, failMode: "closed", stream: (_c, c) => c };
    await expect(collect(new Pipeline([pass], report).stream(ctx(), failing))).rejects.toThrow(
      "socket reset",
    );
  });
});
