import { createHash } from "node:crypto";

const MISTRAL_ID = /^[A-Za-z0-9]{9}$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A tool call id Mistral accepts. why: Mistral refuses any tool call id that is not exactly nine
 * letters or digits (fixture requests/chat-tool-result.json: OpenAI's `call_1` becomes a 9-char id).
 * Its own ids already have that shape and pass unchanged, so a conversation that began on Mistral
 * round-trips; foreign ids are hashed, so the assistant's call and the tool result that answers it
 * map to the same id without any state kept between requests.
 */
export function toMistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  const digest = createHash("sha256").update(id).digest();
  let out = "";
  for (let i = 0; i < 9; i++) out += ALPHABET[digest[i]! % ALPHABET.length];
  return out;
}
