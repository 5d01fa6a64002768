/**
 * Gemini 3's thought signature check (https://ai.google.dev/gemini-api/docs/thought-signatures):
 * in the current turn (everything after the last user message with text), the first function
 * call of every model step must carry the `thoughtSignature` the API returned with it, or the
 * documented `skip_thought_signature_validator`; otherwise 400 INVALID_ARGUMENT with the message
 * below. Gemini 2.5 accepts history without signatures.
 */
import { EmulatorBadRequest } from "../types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Gemini 3 and later: thinking cannot be turned off, and signatures are enforced. */
export function alwaysThinks(model: string): boolean {
  const m = /gemini-(\d+)/.exec(model);
  return m !== null && Number(m[1]) >= 3;
}

const partsOf = (c: Obj): Obj[] => (Array.isArray(c.parts) ? c.parts.filter(isObj) : []);

/** Throws as Gemini 3 does for a current-turn step whose first function call lost its signature. */
export function checkSignatures(model: string, contents: Obj[]): void {
  if (!alwaysThinks(model)) return;
  let start = 0;
  contents.forEach((c, i) => {
    if (c.role !== "model" && partsOf(c).some((p) => typeof p.text === "string")) start = i;
  });
  for (let i = start; i < contents.length; i++) {
    const c = contents[i]!;
    if (c.role !== "model") continue;
    const call = partsOf(c).find((p) => isObj(p.functionCall));
    if (!call || (typeof call.thoughtSignature === "string" && call.thoughtSignature)) continue;
    const name = isObj(call.functionCall) ? String(call.functionCall.name) : "";
    throw new EmulatorBadRequest(
      `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
    );
  }
}
