/**
 * Renders a plan as OpenAI's chat completion object and chunk stream
 * (https://platform.openai.com/docs/api-reference/chat/object,
 * https://platform.openai.com/docs/api-reference/chat-streaming), with Azure's content filter
 * annotations when asked (https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter).
 */
import type { Plan } from "../plan.js";
import type { ChatView, Frame } from "../types.js";

export const CREATED = 1_730_000_000;
export const FINGERPRINT = "fp_emulator";

const SAFE = { filtered: false, severity: "safe" };
const AZURE_FILTERS = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const AZURE_PROMPT_FILTERS = [
  {
    prompt_index: 0,
    content_filter_results: { ...AZURE_FILTERS, jailbreak: { filtered: false, detected: false } },
  },
];

export interface RenderOptions {
  azure: boolean;
  /** The client asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Reasoning fields a compatible server puts beside the content (`reasoning_content`, …). */
  reasoning?: Record<string, unknown>;
}

/** OpenAI's finish reason for a plan's (`stop_sequence` ends as `stop`). */
export function openaiFinish(plan: Plan): string {
  return plan.finish === "stop_sequence" ? "stop" : plan.finish;
}

export function openaiUsage(plan: Plan): Record<string, unknown> {
  const u = plan.usage;
  // The plan counts cached prompt tokens apart; OpenAI's prompt_tokens includes them.
  const prompt = u.input + u.cachedRead + u.cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output,
    total_tokens: prompt + u.output,
    prompt_tokens_details: { cached_tokens: u.cachedRead, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolCalls(plan: Plan): Array<Record<string, unknown>> {
  return plan.toolCalls.map((t) => ({
    id: t.id,
    type: "function",
    // OpenAI writes an argument-less call as "{}", never as "" (the SDKs JSON.parse it).
    function: { name: t.name, arguments: t.argumentDeltas.join("") || "{}" },
  }));
}

export function renderOpenAIJson(plan: Plan, view: ChatView, o: RenderOptions): unknown {
  const text = plan.text.join("");
  const tools = toolCalls(plan);
  return {
    id: "chatcmpl-emu0001",
    object: "chat.completion",
    created: CREATED,
    model: view.model,
    ...(o.azure ? { prompt_filter_results: AZURE_PROMPT_FILTERS } : {}),
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: tools.length && !text ? null : text,
          refusal: null,
          annotations: [],
          ...o.reasoning,
          ...(tools.length ? { tool_calls: tools } : {}),
        },
        logprobs: null,
        finish_reason: openaiFinish(plan),
        ...(o.azure ? { content_filter_results: AZURE_FILTERS } : {}),
      },
    ],
    usage: openaiUsage(plan),
    ...(o.azure ? {} : { service_tier: "default" }),
    system_fingerprint: FINGERPRINT,
  };
}

/** One `data:` frame. */
const frame = (obj: unknown): string => `data: ${JSON.stringify(obj)}\n\n`;

export function renderOpenAIStream(plan: Plan, view: ChatView, o: RenderOptions): Frame[] {
  const head = {
    id: "chatcmpl-emu0001",
    object: "chat.completion.chunk",
    created: CREATED,
    model: view.model,
    ...(o.azure ? {} : { service_tier: "default" }),
    system_fingerprint: FINGERPRINT,
  };
  // why: with include_usage every chunk carries `"usage": null` until the final usage chunk.
  const tail = o.includeUsage ? { usage: null } : {};
  const choice = (delta: unknown, finish: string | null = null): string =>
    frame({
      ...head,
      choices: [
        {
          index: 0,
          delta,
          logprobs: null,
          finish_reason: finish,
          ...(o.azure && finish === null ? { content_filter_results: AZURE_FILTERS } : {}),
        },
      ],
      ...tail,
    });
  const frames: Frame[] = [];
  if (o.azure) {
    frames.push(
      frame({
        choices: [],
        created: 0,
        id: "",
        model: "",
        object: "",
        prompt_filter_results: AZURE_PROMPT_FILTERS,
      }),
    );
  }
  frames.push(choice({ role: "assistant", content: "", refusal: null }));
  if (o.reasoning && Object.keys(o.reasoning).length) frames.push(choice({ ...o.reasoning }));
  for (const t of plan.text) frames.push(choice({ content: t }));
  for (const [index, t] of plan.toolCalls.entries()) {
    frames.push(
      choice({
        tool_calls: [{ index, id: t.id, type: "function", function: { name: t.name, arguments: "" } }],
      }),
    );
    for (const a of t.argumentDeltas.length ? t.argumentDeltas : ["{}"])
      frames.push(choice({ tool_calls: [{ index, function: { arguments: a } }] }));
  }
  frames.push(choice({}, openaiFinish(plan)));
  if (o.includeUsage) frames.push(frame({ ...head, choices: [], usage: openaiUsage(plan) }));
  frames.push("data: [DONE]\n\n");
  return frames;
}
