/**
 * Canonical request → OpenAI Responses API body (`POST /v1/responses`,
 * https://platform.openai.com/docs/api-reference/responses/create), for targets with
 * `api: responses` (models OpenAI serves only there). Messages become input items: system and
 * developer turns keep their role, assistant tool calls become `function_call` items, tool results
 * `function_call_output`. Nothing is stored at OpenAI (`store: false`).
 */
import type { ChatRequest, ContentPart, Message } from "../../canonical/chat.js";
import type { CodecContext } from "../types.js";
import { refuseOrDrop } from "./unsupported.js";

type Json = Record<string, unknown>;

/** Canonical parameters the Responses API has no field for. */
const NO_FIELD: Array<[keyof ChatRequest, string]> = [
  ["stop", "the Responses API has no stop sequences"],
  ["seed", "the Responses API has no seed"],
  ["presence_penalty", "the Responses API has no presence penalty"],
  ["frequency_penalty", "the Responses API has no frequency penalty"],
  ["logit_bias", "the Responses API has no logit bias"],
];

export function toResponsesBody(req: ChatRequest, ctx: CodecContext, provider: string): Json {
  for (const [param, why] of NO_FIELD) if (req[param] !== undefined) refuseOrDrop(ctx, provider, param, why);
  if (req.n !== undefined && req.n > 1) refuseOrDrop(ctx, provider, "n", "the Responses API answers once");
  const body: Json = {
    model: ctx.target.model,
    input: req.messages.flatMap((m) => toItems(m)),
    store: false,
  };
  if (req.stream) body.stream = true;
  if (req.max_tokens !== undefined) body.max_output_tokens = req.max_tokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.top_p !== undefined) body.top_p = req.top_p;
  if (req.parallel_tool_calls !== undefined) body.parallel_tool_calls = req.parallel_tool_calls;
  if (req.user !== undefined) body.user = req.user;
  if (req.reasoning?.effort) body.reasoning = { effort: req.reasoning.effort };
  if (req.top_logprobs !== undefined) body.top_logprobs = req.top_logprobs;
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: "function",
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      parameters: t.parameters ?? { type: "object", properties: {} },
      strict: t.strict ?? false,
    }));
  }
  const tc = req.tool_choice;
  if (tc) body.tool_choice = tc.type === "tool" ? { type: "function", name: tc.name } : tc.type;
  const rf = req.response_format;
  if (rf?.type === "json_object") body.text = { format: { type: "json_object" } };
  if (rf?.type === "json_schema") {
    const js = rf.json_schema;
    body.text = {
      format: {
        type: "json_schema",
        name: js.name,
        schema: js.schema ?? {},
        ...(js.strict !== undefined ? { strict: js.strict } : {}),
        ...(js.description ? { description: js.description } : {}),
      },
    };
  }
  return body;
}

function toItems(m: Message): Json[] {
  if (m.role === "tool") {
    return [{ type: "function_call_output", call_id: m.tool_call_id, output: textOf(m.content) }];
  }
  if (m.role === "assistant") {
    const out: Json[] = [];
    const text = textOf(m.content);
    // why: reasoning items need OpenAI's own ids; thinking from another turn is not replayed.
    if (text) out.push({ role: "assistant", content: text });
    for (const c of m.tool_calls ?? [])
      out.push({ type: "function_call", call_id: c.id, name: c.name, arguments: c.arguments || "{}" });
    return out;
  }
  return [{ role: m.role, content: m.content.flatMap(toInputPart) }];
}

function toInputPart(p: ContentPart): Json[] {
  if (p.type === "text") return [{ type: "input_text", text: p.text }];
  if (p.type === "image") {
    const url =
      p.source.kind === "url" ? p.source.url : `data:${p.source.media_type};base64,${p.source.data}`;
    return [{ type: "input_image", image_url: url, detail: p.detail ?? "auto" }];
  }
  if (p.type === "file") return [{ type: "input_file", ...p.file }];
  return [];
}

function textOf(parts: ContentPart[]): string {
  return parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
}
