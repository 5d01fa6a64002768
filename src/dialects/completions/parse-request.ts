/**
 * The legacy Completions request (https://platform.openai.com/docs/api-reference/completions/create)
 * → canonical chat: the prompt becomes one user message, and the Chat Completions parser validates
 * the rest (`model`, `max_tokens`, `temperature`, `top_p`, `n`, `stream`, `stream_options`, `stop`,
 * penalties, `logit_bias`, `seed`, `user` mean the same in both APIs), so both routes refuse bad
 * input with the same messages.
 */
import type { ChatRequest } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { parseOpenAIChat } from "../openai/parse-request.js";

/** The API's default `max_tokens` for legacy completions (the API reference's `max_tokens`). */
export const LEGACY_DEFAULT_MAX_TOKENS = 16;

/**
 * Legacy-only fields that have no chat equivalent. A value other than the API's default is refused
 * rather than silently ignored (a client that asks for `echo` or `suffix` would get other text).
 */
const LEGACY_ONLY: Record<string, (v: unknown) => boolean> = {
  echo: (v) => v === false,
  suffix: (v) => v === null,
  logprobs: (v) => v === null,
  best_of: (v) => v === 1,
};

function invalid(message: string, param: string, code = "invalid_value"): GatewayError {
  return new GatewayError({ status: 400, kind: "invalid_request", code, param, message });
}

/** The prompt as one string: a string, or an array holding one string. */
function promptText(prompt: unknown): string {
  if (typeof prompt === "string") return prompt;
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === "string") return prompt[0];
  if (prompt === undefined || prompt === null)
    throw invalid(
      "'prompt' is required: a string with the text to complete.",
      "prompt",
      "missing_required_parameter",
    );
  if (Array.isArray(prompt) && prompt.every((p) => typeof p === "string"))
    throw invalid(
      "Tollgate serves one prompt per legacy completion request; send the prompts as separate requests.",
      "prompt",
      "unsupported_value",
    );
  throw invalid(
    "'prompt' must be a string (token arrays are not supported: Tollgate does not know the model's tokenizer).",
    "prompt",
  );
}

/** Legacy completions body → canonical chat request. Throws a 400 GatewayError naming the field. */
export function parseCompletionsRequest(body: unknown): ChatRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalid("The request body must be a JSON object.", "body", "invalid_json");
  const src = body as Record<string, unknown>;
  const chat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === "prompt") continue;
    const isDefault = LEGACY_ONLY[k];
    if (isDefault) {
      if (v !== undefined && !isDefault(v))
        throw invalid(
          `'${k}' is not supported by Tollgate's legacy completions (the models behind it are chat models); leave it unset.`,
          k,
          "unsupported_parameter",
        );
      continue;
    }
    // Other fields are carried as on the chat route (a vLLM client's `top_k`, `min_p`, …).
    chat[k] = v;
  }
  chat.messages = [{ role: "user", content: promptText(src.prompt) }];
  chat.max_tokens ??= LEGACY_DEFAULT_MAX_TOKENS;
  return parseOpenAIChat(chat);
}
