/**
 * Cohere's log probabilities (https://docs.cohere.com/reference/chat, response `logprobs[]`; in a
 * stream, `logprobs` on each `content-delta`): items of `{token_ids, text, logprobs}`, one log
 * probability per token id of a piece of text → OpenAI's `logprobs.content[]`
 * (fixture responses/logprobs.json).
 */
import type { Logprobs, TokenLogprob } from "../../canonical/chat.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";

const utf8 = new TextEncoder();

/**
 * One entry per Cohere item. Cohere gives the text of an item, not of each of its token ids, so
 * an item of several tokens becomes one entry whose log probability is their sum (the log
 * probability of the whole piece). Cohere returns no alternatives: `top_logprobs` is empty.
 */
function toEntry(item: unknown): TokenLogprob | undefined {
  if (!isRecord(item) || !Array.isArray(item.logprobs)) return undefined;
  const text = typeof item.text === "string" ? item.text : "";
  const logprob = item.logprobs.reduce<number>((sum, l) => sum + (typeof l === "number" ? l : 0), 0);
  return { token: text, logprob, bytes: [...utf8.encode(text)], top_logprobs: [] };
}

/** An array (the response) or one item (a stream event), mapped; undefined with a warning if unreadable. */
export function fromCohereLogprobs(
  value: unknown,
  ctx: CodecContext,
  provider: string,
): Logprobs | undefined {
  const items = Array.isArray(value) ? value : [value];
  const content = items.map(toEntry).filter((e): e is TokenLogprob => e !== undefined);
  if (content.length === 0 && items.length > 0) {
    ctx.warn(`${provider}: log probabilities in an unknown shape were dropped`);
    return undefined;
  }
  return { content };
}
