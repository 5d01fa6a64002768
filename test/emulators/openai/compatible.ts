/**
 * Where self-hosted and OpenAI-compatible servers differ from OpenAI, on the compatible emulator.
 * The server is told apart by the model's name, as on the shared port: `deepseek-*` (DeepSeek's
 * API), a Hugging Face id with `/` (vLLM), an Ollama `name:tag`.
 */
import type { Plan } from "../plan.js";
import { EmulatorBadRequest } from "../types.js";

export type CompatibleFlavour = "deepseek" | "vllm" | "ollama" | "generic";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function compatibleFlavour(model: unknown): CompatibleFlavour {
  if (typeof model !== "string") return "generic";
  if (model.startsWith("deepseek-")) return "deepseek";
  if (model.includes("/")) return "vllm";
  if (model.includes(":")) return "ollama";
  return "generic";
}

/** The thinking text the emulated reasoning models produce. */
export const EMULATED_REASONING = "The user wants an answer; I will check what the tools can tell me.";

/**
 * DeepSeek's thinking mode: on for `deepseek-reasoner`, or when `thinking.type` is `enabled`
 * (https://api-docs.deepseek.com/guides/thinking_mode).
 */
function deepseekThinks(body: Json): boolean {
  if (isObj(body.thinking)) return body.thinking.type === "enabled";
  return body.model === "deepseek-reasoner";
}

/** Refuses what the flavour's server refuses. Throws EmulatorBadRequest. */
export function compatibleValidate(flavour: CompatibleFlavour, body: unknown): void {
  if (!isObj(body)) return;
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  if (flavour === "deepseek" && deepseekThinks(body)) {
    // "For turns that do perform tool calls, the reasoning_content must be fully passed back to
    // the API in all subsequent requests" (thinking mode guide, tool calls).
    for (const m of messages) {
      if (m.role === "assistant" && Array.isArray(m.tool_calls) && typeof m.reasoning_content !== "string") {
        throw new EmulatorBadRequest(
          "The reasoning_content in the thinking mode must be passed back to the API.",
        );
      }
    }
  }
  if (flavour === "ollama") {
    // Ollama's openai/openai.go decodes only `data:image/...;base64,` URLs.
    for (const m of messages) {
      for (const p of Array.isArray(m.content) ? m.content.filter(isObj) : []) {
        const url = isObj(p.image_url) ? p.image_url.url : undefined;
        if (p.type === "image_url" && !(typeof url === "string" && url.startsWith("data:"))) {
          throw new EmulatorBadRequest("invalid image input");
        }
      }
    }
  }
}

/** Ollama ignores `tool_choice` (docs/openai.md lists it as unsupported). */
export function ignoresToolChoice(flavour: CompatibleFlavour): boolean {
  return flavour === "ollama";
}

/** How a request's answer carries reasoning: DeepSeek's thinking mode, or vLLM's reasoning parser. */
export type ReasoningMode = "deepseek" | "vllm";

export function reasoningModeOf(flavour: CompatibleFlavour, body: unknown): ReasoningMode | undefined {
  if (flavour === "deepseek" && isObj(body) && deepseekThinks(body)) return "deepseek";
  return flavour === "vllm" ? "vllm" : undefined;
}

/**
 * The reasoning fields beside the content when the model thought: DeepSeek's `reasoning_content`;
 * vLLM's `reasoning` with the deprecated `reasoning_content` as a copy
 * (vllm/entrypoints/openai/protocol.py), for a plan that reasons.
 */
export function reasoningFields(mode: ReasoningMode | undefined, plan: Plan): Json {
  if (mode === "deepseek") return { reasoning_content: EMULATED_REASONING };
  if (mode === "vllm" && plan.usage.reasoning > 0)
    return { reasoning: EMULATED_REASONING, reasoning_content: EMULATED_REASONING };
  return {};
}
