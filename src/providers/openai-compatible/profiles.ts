/**
 * Data-only profiles of OpenAI-compatible servers: only where a server differs from OpenAI.
 * Each line links the server's own description of its OpenAI-compatible API.
 */
import { OPENAI_PROFILE, type OpenAIProfile, type OptionalParam } from "../openai/profile.js";

export const PROFILE_NAMES = [
  "generic",
  "vllm",
  "ollama",
  "llama-server",
  "lmstudio",
  "groq",
  "together",
  "deepseek",
  "xai",
] as const;

export type ProfileName = (typeof PROFILE_NAMES)[number];

const set = (...p: OptionalParam[]): ReadonlySet<OptionalParam> => new Set(p);

/** The common ground: `max_tokens` (older servers ignore `max_completion_tokens`), system role only. */
const COMMON: OpenAIProfile = {
  ...OPENAI_PROFILE,
  label: "the OpenAI-compatible server",
  maxTokensField: "max_tokens",
  developerRole: false,
  unsupported: set(),
  reasoningFields: ["reasoning_content", "reasoning"],
};

export const PROFILES: Record<ProfileName, OpenAIProfile> = {
  generic: COMMON,
  // https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html (top_k as an extra param)
  vllm: { ...COMMON, label: "vLLM" },
  // https://github.com/ollama/ollama/blob/main/docs/openai.md: `tool_choice` is not supported (it
  // is ignored, so a forced call would silently not happen) and images are base64 only (a URL is
  // answered "invalid image input"); fixture fidelity/ollama-unsupported.json.
  ollama: {
    ...COMMON,
    label: "Ollama",
    unsupported: set("top_k", "logprobs", "logit_bias", "n", "tool_choice"),
    reasoningFields: ["reasoning"],
    dataUrlImagesOnly: true,
  },
  // https://github.com/ggml-org/llama.cpp/tree/master/tools/server
  "llama-server": { ...COMMON, label: "llama-server", reasoningFields: ["reasoning_content"] },
  // https://lmstudio.ai/docs/app/api/endpoints/openai
  lmstudio: {
    ...COMMON,
    label: "LM Studio",
    unsupported: set("n", "logit_bias"),
    reasoningFields: ["reasoning_content"],
  },
  // https://console.groq.com/docs/openai — n must be 1; logprobs and logit_bias are refused.
  groq: {
    ...COMMON,
    label: "Groq",
    maxTokensField: "max_completion_tokens",
    unsupported: set("top_k", "logprobs", "logit_bias"),
    singleChoiceOnly: true,
    reasoningFields: ["reasoning"],
  },
  // https://docs.together.ai/reference/chat-completions-1
  together: { ...COMMON, label: "Together AI" },
  // https://api-docs.deepseek.com/api/create-chat-completion — reasoning_content, no effort knob.
  // Thinking mode wants each assistant turn's reasoning_content back in tool loops
  // (https://api-docs.deepseek.com/guides/thinking_mode, fixture fidelity/deepseek-tool-loop.json).
  deepseek: {
    ...COMMON,
    label: "DeepSeek",
    unsupported: set("top_k", "n", "logit_bias", "seed", "reasoning.effort"),
    reasoningFields: ["reasoning_content"],
    reasoningReplayField: "reasoning_content",
  },
  // https://docs.x.ai/docs/api-reference#chat-completions
  xai: {
    ...COMMON,
    label: "xAI",
    maxTokensField: "max_completion_tokens",
    unsupported: set("top_k", "logit_bias"),
    reasoningFields: ["reasoning_content"],
  },
};
