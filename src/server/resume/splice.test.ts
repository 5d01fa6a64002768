import { describe, expect, it } from "vitest";
import type { ChatRequest } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { GatewayError } from "../../canonical/errors.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { Prefill } from "./prefill.js";
import { addUsage, type Resume, resumableChunks } from "./splice.js";

const req: ChatRequest = {
  model: "chat",
  stream: true,
  messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
};

const ctx = () =>
  ({
    provider: "first",
    providerModel: "claude-haiku-4-5",
    model: "chat",
    warnings: [],
    abort: new AbortController(),
  }) as unknown as RequestContext;

const overloaded = new GatewayError({
  status: 529,
  kind: "upstream",
  code: "upstream_overloaded",
  message: "Provider 'first' is overloaded.",
});

const start = (id: string): ChatChunk => ({ type: "start", id, model: "m", created: 1 });
const text = (t: string): ChatChunk => ({ type: "text-delta", choice: 0, text: t });
const finish: ChatChunk = { type: "finish", choice: 0, reason: "stop" };

async function* from(chunks: ChatChunk[], thenThrow?: Error): AsyncGenerator<ChatChunk> {
  yield* chunks;
  if (thenThrow) throw thenThrow;
}

async function collect(chunks: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

/** A resume that answers with `chunks` and remembers the prefills it was given. */
function resumeWith(...streams: ChatChunk[][]): Resume & { prefills: Prefill[] } {
  const prefills: Prefill[] = [];
  const fn = async (p: Prefill) => {
    prefills.push(p);
    const next = streams.shift();
    return next ? from(next) : undefined;
  };
  return Object.assign(fn, { prefills });
}

/** A first attempt that streamed `chunks` and then broke with an error event. */
const broken = (...chunks: ChatChunk[]) =>
  from([start("a"), ...chunks, { type: "error", error: overloaded }]);

const spliced = (first: AsyncIterable<ChatChunk>, resume: Resume, c = ctx()) =>
  collect(resumableChunks(c, req, first, resume));

const texts = (chunks: ChatChunk[]) => chunks.map((c) => (c.type === "text-delta" ? c.text : "")).join("");

describe("splicing a broken stream with its continuation", () => {
  it("an error chunk: the continuation goes on, its start and leading whitespace dropped", async () => {
    const c = ctx();
    const resume = resumeWith([start("second"), text(" world"), text("!"), finish]);
    const first = from([start("first"), text("Hello "), { type: "error", error: overloaded }]);
    const out = await collect(resumableChunks(c, req, first, resume));
    expect(out.filter((x) => x.type === "start")).toEqual([start("first")]);
    expect(texts(out)).toBe("Hello world!");
    expect(out.some((x) => x.type === "error")).toBe(false);
    expect(resume.prefills[0]!.request.messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "Hello" }],
    });
    expect(c.resumed).toBe(true);
  });

  it("a thrown failure (a reset) is resumed too", async () => {
    const reset = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const resume = resumeWith([start("b"), text("there"), finish]);
    const out = await collect(resumableChunks(ctx(), req, from([start("a"), text("Hi ")], reset), resume));
    expect(texts(out)).toBe("Hi there");
    expect(out.at(-2)).toEqual(finish);
  });

  it("usage counts both attempts; the continuation's usage chunks carry the first's", async () => {
    const resume = resumeWith([
      start("b"),
      text("there"),
      finish,
      { type: "usage", usage: { input_tokens: 20, output_tokens: 5 } },
    ]);
    const first = from([
      start("a"),
      { type: "usage", usage: { input_tokens: 10, output_tokens: 1 } },
      text("Hi, my friend "),
      { type: "error", error: overloaded },
    ]);
    const out = await collect(resumableChunks(ctx(), req, first, resume));
    const usages = out.filter((x) => x.type === "usage");
    // The cut attempt reported 1 output token at its start; it streamed 14 characters (4 tokens).
    expect(usages.at(-1)).toEqual({ type: "usage", usage: { input_tokens: 30, output_tokens: 9 } });
  });

  it("a continuation without usage still ends with both attempts' usage", async () => {
    const resume = resumeWith([start("b"), text("there"), finish]);
    const first = from([start("a"), text("Hi "), { type: "error", error: overloaded }]);
    const out = await collect(resumableChunks(ctx(), req, first, resume));
    const last = out.at(-1)!;
    expect(last.type).toBe("usage");
    expect(last.type === "usage" && last.usage.source).toBe("estimated");
    expect(last.type === "usage" && last.usage.output_tokens).toBeGreaterThan(1);
  });

  it("a second break is resumed again from all the text so far", async () => {
    const resume = resumeWith(
      [start("b"), text("big "), { type: "error", error: overloaded }],
      [start("c"), text("world"), finish],
    );
    const first = from([start("a"), text("Hello "), { type: "error", error: overloaded }]);
    const out = await collect(resumableChunks(ctx(), req, first, resume));
    expect(texts(out)).toBe("Hello big world");
    expect(resume.prefills.map((p) => p.request.messages.at(-1)!.content)).toEqual([
      [{ type: "text", text: "Hello" }],
      [{ type: "text", text: "Hello big" }],
    ]);
  });
});

describe("when the stream is not resumed it ends with the error, as without stream_resume", () => {
  it("a tool call had started: the error chunk, resume never asked, the reason in warnings", async () => {
    const c = ctx();
    const resume = resumeWith([start("b"), text("x"), finish]);
    const first = from([
      start("a"),
      { type: "tool-call-start", choice: 0, index: 0, id: "call_1", name: "f" },
      { type: "error", error: overloaded },
    ]);
    const out = await collect(resumableChunks(c, req, first, resume));
    expect(out.at(-1)).toEqual({ type: "error", error: overloaded });
    expect(resume.prefills).toHaveLength(0);
    expect(c.warnings).toEqual(["stream_resume: not resumed, a tool call was streamed"]);
    expect(c.resumed).toBeUndefined();
  });

  it("no target can continue: the original error", async () => {
    const resume = resumeWith();
    const out = await spliced(broken(text("Hi")), resume);
    expect(out.at(-1)).toEqual({ type: "error", error: overloaded });
    expect(resume.prefills).toHaveLength(1);
  });

  it("every continuation failed: the last failure, in the client's error shape", async () => {
    const down = new GatewayError({
      status: 502,
      kind: "upstream",
      code: "upstream_unreachable",
      message: "down",
    });
    const resume: Resume = async () => {
      throw down;
    };
    const out = await spliced(broken(text("Hi")), resume);
    expect(out.at(-1)).toEqual({ type: "error", error: down });
  });

  it("a client that went away gets nothing more and no continuation is made", async () => {
    const c = ctx();
    c.abort.abort();
    const resume = resumeWith([start("b"), text("x"), finish]);
    const out = await spliced(broken(text("Hi")), resume, c);
    expect(out.some((x) => x.type === "error")).toBe(false);
    expect(resume.prefills).toHaveLength(0);
  });

  it("a stream that ends normally passes through unchanged", async () => {
    const chunks = [
      start("a"),
      text("Hi"),
      finish,
      { type: "usage", usage: { input_tokens: 1, output_tokens: 1 } },
    ];
    const out = await collect(resumableChunks(ctx(), req, from(chunks as ChatChunk[]), resumeWith()));
    expect(out).toEqual(chunks);
  });
});

describe("addUsage", () => {
  it("adds every count and marks the sum estimated when either part was", () => {
    expect(
      addUsage(
        { input_tokens: 10, output_tokens: 2, cached_tokens: 4 },
        { input_tokens: 5, output_tokens: 3, reasoning_tokens: 1, source: "estimated" },
      ),
    ).toEqual({
      input_tokens: 15,
      output_tokens: 5,
      cached_tokens: 4,
      reasoning_tokens: 1,
      source: "estimated",
    });
  });
});
