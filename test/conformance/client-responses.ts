/**
 * The conformance client for the Responses dialect: `/v1/responses` through the official `openai`
 * SDK, `responses.create` for JSON and `responses.stream` for streams. The answer is read from the
 * response object's `output` items and `usage`; the finish from `status` and `incomplete_details`.
 * Every stream's event order is checked against the documented grammar (`responses-events.ts`).
 */
import OpenAI from "openai";
import type { Answer, AnswerUsage, Ask, AskMessage, Client, Failure, Outcome } from "./ask.js";
import { ANSWER_SCHEMA } from "./ask.js";
import { failure } from "./client-openai.js";
import { eventOrderProblem } from "./responses-events.js";

/** The body both calls share (`responses.create` adds no `stream`, `responses.stream` adds it). */
type Params = Omit<OpenAI.Responses.ResponseCreateParamsNonStreaming, "stream">;
type Item = OpenAI.Responses.ResponseInputItem;

function toItems(m: AskMessage): Item[] {
  if (m.role === "tool") return [{ type: "function_call_output", call_id: m.id, output: m.content }];
  if (m.role === "assistant") {
    const text: Item[] = m.text ? [{ role: "assistant", content: m.text }] : [];
    const calls: Item[] = (m.toolCalls ?? []).map((t) => ({
      type: "function_call",
      call_id: t.id,
      name: t.name,
      arguments: JSON.stringify(t.args),
    }));
    return [...text, ...calls];
  }
  if (!m.image) return [{ role: "user", content: m.text }];
  const url = m.image.kind === "url" ? m.image.url : `data:${m.image.mediaType};base64,${m.image.data}`;
  return [
    {
      role: "user",
      content: [
        { type: "input_text", text: m.text },
        { type: "input_image", image_url: url, detail: "auto" },
      ],
    },
  ];
}

function toParams(ask: Ask): Params {
  const p: Params = { model: ask.model, input: ask.messages.flatMap(toItems) };
  if (ask.system) p.instructions = ask.system;
  if (ask.tools) {
    // `strict: false`: the tools' schemas are not strict-mode schemas (optional `unit`).
    p.tools = ask.tools.map((t) => ({ type: "function", ...t, strict: false }));
  }
  const tc = ask.toolChoice;
  if (tc) p.tool_choice = typeof tc === "string" ? tc : { type: "function", name: tc.name };
  if (ask.json === "object") p.text = { format: { type: "json_object" } };
  if (ask.json === "schema")
    p.text = { format: { type: "json_schema", name: "answer", schema: ANSWER_SCHEMA, strict: true } };
  if (ask.stop) throw new Error("the Responses API has no stop sequences");
  if (ask.maxTokens !== undefined) p.max_output_tokens = ask.maxTokens;
  if (ask.reasoning) p.reasoning = { effort: ask.reasoning };
  return p;
}

function toUsage(u: OpenAI.Responses.ResponseUsage | null | undefined): AnswerUsage | undefined {
  if (!u) return undefined;
  const out: AnswerUsage = { input: u.input_tokens, output: u.output_tokens };
  if (u.input_tokens_details?.cached_tokens !== undefined)
    out.cachedRead = u.input_tokens_details.cached_tokens;
  if (u.output_tokens_details?.reasoning_tokens !== undefined)
    out.reasoning = u.output_tokens_details.reasoning_tokens;
  return out;
}

/** A response object → the answer; the unified finish from its status and items. */
function toAnswer(r: OpenAI.Responses.Response, warning: string | null): Answer {
  const calls = r.output.flatMap((i) =>
    i.type === "function_call" ? [{ id: i.call_id, name: i.name, args: i.arguments }] : [],
  );
  const reason = r.incomplete_details?.reason;
  const rawFinish = r.status === "incomplete" ? String(reason) : String(r.status);
  const finish =
    reason === "max_output_tokens"
      ? "length"
      : reason === "content_filter"
        ? "content_filter"
        : calls.length
          ? "tool_calls"
          : "stop";
  const usage = toUsage(r.usage);
  return {
    ok: true,
    text: r.output_text,
    toolCalls: calls,
    finish,
    rawFinish,
    ...(usage ? { usage } : {}),
    argumentDeltas: 0,
    warning,
    items: r.output.map((i) => i.type),
  };
}

/** The stream's `error` event (https://platform.openai.com/docs/api-reference/responses-streaming/error). */
function errorEvent(ev: OpenAI.Responses.ResponseErrorEvent): Failure {
  return {
    ok: false,
    status: 0,
    ...(ev.code ? { code: ev.code } : {}),
    param: ev.param,
    message: ev.message,
    retryAfter: null,
    midStream: true,
  };
}

async function sendStream(sdk: OpenAI, ask: Ask, headers: () => Headers | undefined): Promise<Outcome> {
  const stream = sdk.responses.stream(toParams(ask));
  const events: string[] = [];
  const seqs: number[] = [];
  let deltas = 0;
  let failed: Failure | undefined;
  try {
    for await (const ev of stream) {
      events.push(ev.type);
      seqs.push(ev.sequence_number);
      if (ev.type === "response.function_call_arguments.delta") deltas++;
      if (ev.type === "error") failed = errorEvent(ev);
    }
  } catch (err) {
    // A response refused before its first event is an HTTP error; after it, a broken stream.
    if (err instanceof OpenAI.APIError && err.status !== undefined) return failure(err, false);
    if (events.length === 0) throw err;
    failed ??= { ok: false, status: 0, message: String(err), param: null, retryAfter: null, midStream: true };
  }
  const problem = eventOrderProblem(failed ? [...events.filter((t) => t !== "error"), "error"] : events);
  if (problem) throw new Error(`Responses stream: ${problem}`);
  if (failed) return failed;
  if (seqs.some((s, i) => s !== i)) throw new Error(`sequence_number not counting from 0: ${seqs.join(",")}`);
  const answer = toAnswer(await stream.finalResponse(), headers()?.get("x-tollgate-warning") ?? null);
  return { ...answer, argumentDeltas: deltas, events };
}

/** A client for the gateway at `url` (its `/v1` base) with the Tollgate key `key`. */
export function responsesClient(url: string, key: string): Client {
  return {
    dialect: "responses",
    async send(ask) {
      // One SDK client per call, whose fetch keeps the response headers (`responses.stream` does
      // not expose them), so concurrent calls do not mix up their warnings.
      let headers: Headers | undefined;
      const fetch: typeof globalThis.fetch = async (input, init) => {
        const res = await globalThis.fetch(input, init);
        headers = res.headers;
        return res;
      };
      const sdk = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0, fetch });
      try {
        if (ask.stream) return await sendStream(sdk, ask, () => headers);
        const res = await sdk.responses.create(toParams(ask));
        return toAnswer(res, headers?.get("x-tollgate-warning") ?? null);
      } catch (err) {
        return failure(err, false);
      }
    },
  };
}
