/**
 * What Claude behind Converse refuses with extended thinking on, per AWS's "Extended thinking"
 * guide for Claude (https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html)
 * and Anthropic's extended-thinking docs it defers to: thinking goes in
 * `additionalModelRequestFields.thinking` (`{type: "enabled", budget_tokens}`), the budget is at
 * least 1024 and below `inferenceConfig.maxTokens`, `temperature` may only be 1 and `top_k` is not
 * taken, and the assistant turn of an unfinished tool loop must start with the `reasoningContent`
 * block (text and signature) it was answered with. Bedrock answers each as a ValidationException
 * carrying the model's message.
 */
import { EmulatorBadRequest } from "../types.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const bad = (message: string): never => {
  throw new EmulatorBadRequest(`The model returned the following errors: ${message}`);
};

/** The request's thinking settings when the model is Claude and thinking is on. */
function thinkingOf(body: Json, model: string): Json | undefined {
  if (!/(^|\.)anthropic\./.test(model)) return undefined;
  const extra = isObj(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  const thinking = isObj(extra.thinking) ? extra.thinking : undefined;
  return thinking?.type === "enabled" ? thinking : undefined;
}

/** Claude thinks on this request, so its answer opens with reasoning (render.ts). */
export const claudeThinks = (body: Json, model: string): boolean => thinkingOf(body, model) !== undefined;

/** Throws as Bedrock does for a Claude request whose thinking settings Claude refuses. */
export function checkClaudeThinking(body: Json, messages: Json[], model: string): void {
  const thinking = thinkingOf(body, model);
  if (!thinking) return;
  const extra = body.additionalModelRequestFields as Json;
  const budget = thinking.budget_tokens;
  if (typeof budget !== "number" || budget < 1024)
    bad("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
  const inference = isObj(body.inferenceConfig) ? body.inferenceConfig : {};
  if (typeof inference.maxTokens === "number" && (budget as number) >= inference.maxTokens)
    bad("`max_tokens` must be greater than `thinking.budget_tokens`");
  if (inference.temperature !== undefined && inference.temperature !== 1)
    bad("`temperature` may only be set to 1 when thinking is enabled or in interleaved thinking mode.");
  if (extra.top_k !== undefined) bad("`top_k` is not supported when thinking is enabled.");
  checkReplayedReasoning(messages);
}

/** The last assistant turn, when a tool result answers it, must open with its reasoning. */
function checkReplayedReasoning(messages: Json[]): void {
  const last = messages.at(-1);
  const content = (m: Json | undefined): Json[] =>
    Array.isArray(m?.content) ? (m.content.filter(isObj) as Json[]) : [];
  if (!content(last).some((b) => isObj(b.toolResult))) return;
  const i = messages.length - 2;
  const first = content(messages[i])[0];
  const reasoning = isObj(first?.reasoningContent) ? first.reasoningContent : undefined;
  const signed =
    (isObj(reasoning?.reasoningText) && typeof reasoning.reasoningText.signature === "string") ||
    typeof reasoning?.redactedContent === "string";
  if (!signed)
    bad(
      `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first ? Object.keys(first)[0] : "nothing"}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
    );
}
