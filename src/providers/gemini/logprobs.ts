/**
 * Gemini's `logprobsResult` (https://ai.google.dev/api/generate-content#LogprobsResult:
 * `chosenCandidates[]` and `topCandidates[].candidates[]`, each `{token, tokenId, logProbability}`)
 * → OpenAI's `logprobs.content[]`, position by position (fixture responses/logprobs.json).
 */
import type { Logprobs, TokenLogprob } from "../../canonical/chat.js";
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";

const utf8 = new TextEncoder();

interface Candidate {
  token: string;
  logprob: number;
  bytes: number[];
}

function candidate(v: unknown): Candidate | undefined {
  if (!isRecord(v) || typeof v.token !== "string") return undefined;
  // proto3 JSON leaves out a zero: a certain token has no logProbability.
  const logprob = typeof v.logProbability === "number" ? v.logProbability : 0;
  return { token: v.token, logprob, bytes: [...utf8.encode(v.token)] };
}

/** The mapped log probabilities, or undefined (with a warning) for a shape it cannot read. */
export function fromGeminiLogprobs(result: unknown, ctx: CodecContext): Logprobs | undefined {
  const chosen =
    isRecord(result) && Array.isArray(result.chosenCandidates) ? result.chosenCandidates : undefined;
  if (!chosen) {
    ctx.warn(`${ctx.target.provider}: logprobsResult without chosenCandidates was dropped`);
    return undefined;
  }
  const top = isRecord(result) && Array.isArray(result.topCandidates) ? result.topCandidates : [];
  const content: TokenLogprob[] = [];
  for (const [i, c] of chosen.entries()) {
    const token = candidate(c);
    if (!token) continue;
    const alternatives = isRecord(top[i]) && Array.isArray(top[i].candidates) ? top[i].candidates : [];
    const top_logprobs = alternatives.map(candidate).filter((t): t is Candidate => t !== undefined);
    content.push({ ...token, top_logprobs });
  }
  return { content };
}
