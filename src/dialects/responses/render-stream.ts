/**
 * Canonical chunks → Responses API SSE (https://platform.openai.com/docs/api-reference/responses-streaming):
 * `response.created`, `response.in_progress`, then per output item `response.output_item.added`,
 * its content events (`response.content_part.added`, `response.output_text.delta` / `.done`,
 * `response.content_part.done`; reasoning summaries; `response.function_call_arguments.delta` /
 * `.done`) and `response.output_item.done`, and last `response.completed` (or
 * `response.incomplete`) with the whole response. Every event has a `sequence_number`.
 */
import type { ChatRequest, Usage } from "../../canonical/chat.js";
import type { ChatChunk } from "../../canonical/chunk.js";
import { encodeSse } from "../../wire/sse.js";
import { renderFrames, type StreamRenderer } from "../render-frames.js";
import { toResponsesErrorEvent } from "./render-error.js";
import { itemId, responseEnvelope, responsesExtra, statusFor, toResponsesUsage } from "./wire.js";

type Finish = Extract<ChatChunk, { type: "finish" }>;
type Item = Record<string, unknown>;

interface Open {
  kind: "message" | "reasoning" | "function_call";
  index: number;
  item: Item;
  text: string;
  /** The canonical tool call index (function calls only). */
  tool?: number;
}

/**
 * Per-stream state: the output items so far, the one that is open, and what the closing event
 * says. Nothing is held back: each chunk's events go out as it comes.
 */
export class ResponsesStreamRenderer implements StreamRenderer {
  private seq = 0;
  private started = false;
  private model: string;
  private readonly id: string;
  private readonly output: Item[] = [];
  private open: Open | undefined;
  private readonly closedTools = new Set<number>();
  private finish: Finish | undefined;
  private usage: Usage | undefined;
  ended = false;

  constructor(private readonly req: ChatRequest) {
    this.model = req.model;
    this.id = responsesExtra(req).id;
  }

  push(c: ChatChunk): string {
    if (this.ended) return "";
    if (c.type === "start") {
      if (c.model) this.model = c.model;
      return this.ensureStarted();
    }
    if (c.type === "usage") {
      this.usage = c.usage;
      return "";
    }
    if (c.type === "error") {
      this.ended = true;
      const e = toResponsesErrorEvent(c.error);
      return this.ensureStarted() + this.event("error", e);
    }
    if (c.choice !== 0 || c.type === "logprobs") return this.ensureStarted();
    return this.ensureStarted() + this.content(c);
  }

  end(): string {
    if (this.ended) return "";
    this.ended = true;
    const head = this.ensureStarted() + this.close();
    const { status, incomplete_details } = statusFor(this.finish?.reason);
    const response = this.envelope(status, {
      incomplete_details,
      usage: toResponsesUsage(this.usage),
    });
    const type = status === "completed" ? "response.completed" : "response.incomplete";
    return head + this.event(type, { response });
  }

  private content(c: Exclude<ChatChunk, { type: "start" | "usage" | "error" | "logprobs" }>): string {
    switch (c.type) {
      case "text-delta":
        if (c.text === "") return "";
        return (
          this.openItem("message") +
          this.textDelta("response.output_text.delta", c.text, { content_index: 0 })
        );
      case "thinking-delta": {
        let out = this.openItem("reasoning");
        if (c.signature && this.open) this.open.item.encrypted_content = c.signature;
        if (c.text)
          out += this.textDelta("response.reasoning_summary_text.delta", c.text, { summary_index: 0 });
        return out;
      }
      case "tool-call-start": {
        if (this.closedTools.has(c.index) || this.open?.tool === c.index) return "";
        const out = this.close();
        return out + this.start("function_call", { call_id: c.id, name: c.name, arguments: "" }, c.index);
      }
      case "tool-call-delta":
        // why: a delta for a call whose item is already done has no event to go in; the calls of
        // every provider stream arrive one after another (collectChunks drops unknown ones too).
        if (this.open?.tool !== c.index || c.arguments === "") return "";
        return this.textDelta("response.function_call_arguments.delta", c.arguments, {});
      case "finish":
        this.finish = c;
        return this.close();
    }
  }

  private textDelta(type: string, delta: string, at: Record<string, unknown>): string {
    const o = this.open as Open;
    o.text += delta;
    const extra = type === "response.output_text.delta" ? { logprobs: [] } : {};
    return this.event(type, { item_id: o.item.id, output_index: o.index, ...at, delta, ...extra });
  }

  private openItem(kind: "message" | "reasoning"): string {
    if (this.open?.kind === kind) return "";
    const out = this.close();
    if (kind === "reasoning") {
      const head = this.start("reasoning", { summary: [] });
      const o = this.open as unknown as Open;
      const part = { type: "summary_text", text: "" };
      return (
        out +
        head +
        this.event("response.reasoning_summary_part.added", this.at(o, { summary_index: 0, part }))
      );
    }
    const head = this.start("message", { status: "in_progress", role: "assistant", content: [] });
    const o = this.open as unknown as Open;
    const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
    return out + head + this.event("response.content_part.added", this.at(o, { content_index: 0, part }));
  }

  private start(kind: Open["kind"], fields: Item, tool?: number): string {
    const index = this.output.length;
    const prefix = kind === "message" ? "msg" : kind === "reasoning" ? "rs" : "fc";
    const item: Item = { id: itemId(prefix, this.id, index), type: kind, ...fields };
    if (kind === "function_call") item.status = "in_progress";
    this.output.push(item);
    this.open = { kind, index, item, text: "", ...(tool !== undefined ? { tool } : {}) };
    return this.event("response.output_item.added", { output_index: index, item: { ...item } });
  }

  /** Closes the open item: its `.done` events, then `response.output_item.done` with the whole item. */
  private close(): string {
    const o = this.open;
    if (!o) return "";
    this.open = undefined;
    let out = "";
    if (o.kind === "message") {
      const part = { type: "output_text", text: o.text, annotations: [], logprobs: [] };
      out += this.event(
        "response.output_text.done",
        this.at(o, { content_index: 0, text: o.text, logprobs: [] }),
      );
      out += this.event("response.content_part.done", this.at(o, { content_index: 0, part }));
      Object.assign(o.item, { status: "completed", content: [part] });
    } else if (o.kind === "reasoning") {
      const part = { type: "summary_text", text: o.text };
      out += this.event(
        "response.reasoning_summary_text.done",
        this.at(o, { summary_index: 0, text: o.text }),
      );
      out += this.event("response.reasoning_summary_part.done", this.at(o, { summary_index: 0, part }));
      o.item.summary = o.text ? [part] : [];
    } else {
      // An empty argument string is not JSON; clients JSON.parse it (a call with no arguments).
      const args = o.text || "{}";
      if (o.tool !== undefined) this.closedTools.add(o.tool);
      out += this.event(
        "response.function_call_arguments.done",
        this.at(o, { name: o.item.name, arguments: args }),
      );
      Object.assign(o.item, { status: "completed", arguments: args });
    }
    return out + this.event("response.output_item.done", { output_index: o.index, item: o.item });
  }

  private at(o: Open, fields: Item): Item {
    return { item_id: o.item.id, output_index: o.index, ...fields };
  }

  private ensureStarted(): string {
    if (this.started) return "";
    this.started = true;
    const response = this.envelope("in_progress", {});
    return this.event("response.created", { response }) + this.event("response.in_progress", { response });
  }

  private envelope(status: string, fields: Item): Item {
    return responseEnvelope(
      this.req,
      this.model,
      status,
      this.output.map((i) => ({ ...i })),
      fields,
    );
  }

  private event(type: string, body: Item): string {
    return encodeSse(JSON.stringify({ type, sequence_number: this.seq++, ...body }), type);
  }
}

/** Renders a canonical chunk stream as Responses API SSE text, as chunks arrive. */
export function renderResponsesStream(
  chunks: AsyncIterable<ChatChunk>,
  req: ChatRequest,
): AsyncGenerator<string> {
  return renderFrames(chunks, new ResponsesStreamRenderer(req));
}
