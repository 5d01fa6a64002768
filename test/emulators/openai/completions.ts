/**
 * OpenAI's legacy Completions endpoint, `POST /v1/completions`
 * (https://platform.openai.com/docs/api-reference/completions/create and the `CreateCompletionRequest`
 * schema in test/fixtures/specs/openai-openapi.yaml): the request check and the `text_completion`
 * object and stream. OpenAI serves it only for its completion models; self-hosted servers (vLLM)
 * for every model and with their own extra sampling fields.
 */
import { approxTokens, type Plan } from "../plan.js";
import { EmulatorBadRequest, type Frame } from "../types.js";
import { CREATED, openaiFinish, openaiUsage } from "./render.js";
import type { OpenAIChatView } from "./view.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `CreateCompletionRequest`'s properties: OpenAI refuses any other field. */
const FIELDS = new Set([
  "model",
  "prompt",
  "best_of",
  "echo",
  "frequency_penalty",
  "logit_bias",
  "logprobs",
  "max_tokens",
  "n",
  "presence_penalty",
  "seed",
  "stop",
  "stream",
  "stream_options",
  "suffix",
  "temperature",
  "top_p",
  "user",
]);

/** OpenAI's completion models (https://platform.openai.com/docs/models). */
const COMPLETION_MODEL = /^(gpt-3\.5-turbo-instruct|davinci-002|babbage-002)(\b|-|$)/;

/** The legacy API's default `max_tokens`. */
const DEFAULT_MAX_TOKENS = 16;

/** Validates a legacy completions body; `strict`: OpenAI itself (not a self-hosted server). */
export function completionsView(body: unknown, strict: boolean): OpenAIChatView {
  if (!isObj(body)) throw new EmulatorBadRequest("The request body must be a JSON object.");
  if (typeof body.model !== "string" || !body.model)
    throw new EmulatorBadRequest("you must provide a model parameter");
  if (strict) {
    for (const k of Object.keys(body))
      if (!FIELDS.has(k)) throw new EmulatorBadRequest(`Unrecognized request argument supplied: ${k}`);
    if (!COMPLETION_MODEL.test(body.model))
      throw new EmulatorBadRequest(
        "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?",
      );
  }
  const prompt = body.prompt;
  if (prompt === undefined) throw new EmulatorBadRequest("Missing required parameter: 'prompt'.");
  const text = typeof prompt === "string" ? prompt : Array.isArray(prompt) ? prompt.join("") : "";
  if (typeof prompt !== "string" && !Array.isArray(prompt))
    throw new EmulatorBadRequest("Invalid type for 'prompt': expected a string or an array.");
  if (body.stream_options !== undefined && body.stream !== true)
    throw new EmulatorBadRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  const stop =
    typeof body.stop === "string"
      ? [body.stop]
      : Array.isArray(body.stop)
        ? body.stop.map(String)
        : undefined;
  return {
    lastRole: "user",
    lastUserText: text,
    tools: [],
    maxTokens: typeof body.max_tokens === "number" ? body.max_tokens : DEFAULT_MAX_TOKENS,
    ...(stop ? { stop } : {}),
    inputTokens: approxTokens(text || "x"),
    model: body.model,
    stream: body.stream === true,
    includeUsage: isObj(body.stream_options) && body.stream_options.include_usage === true,
  };
}

const head = (model: string) => ({ id: "cmpl-emu", object: "text_completion", created: CREATED, model });

export function completionsJson(plan: Plan, view: OpenAIChatView): unknown {
  const u = openaiUsage(plan);
  return {
    ...head(view.model),
    choices: [{ text: plan.text.join(""), index: 0, logprobs: null, finish_reason: openaiFinish(plan) }],
    usage: {
      prompt_tokens: u.prompt_tokens,
      completion_tokens: u.completion_tokens,
      total_tokens: u.total_tokens,
    },
  };
}

export function completionsStream(plan: Plan, view: OpenAIChatView): Frame[] {
  const frame = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const choice = (text: string, finish: string | null) => ({
    text,
    index: 0,
    logprobs: null,
    finish_reason: finish,
  });
  const out: Frame[] = plan.text.map((t) => frame({ ...head(view.model), choices: [choice(t, null)] }));
  out.push(frame({ ...head(view.model), choices: [choice("", openaiFinish(plan))] }));
  if (view.includeUsage) {
    const u = openaiUsage(plan);
    out.push(
      frame({
        ...head(view.model),
        choices: [],
        usage: {
          prompt_tokens: u.prompt_tokens,
          completion_tokens: u.completion_tokens,
          total_tokens: u.total_tokens,
        },
      }),
    );
  }
  out.push("data: [DONE]\n\n");
  return out;
}
