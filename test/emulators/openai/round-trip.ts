/**
 * Drives a provider codec against a running emulator: encode → HTTP (undici) → decode,
 * decodeStream or decodeError. Shared by the OpenAI-family emulator tests.
 */
import { request } from "undici";
import {
  type ChatRequest,
  type ChatResponse,
  collectChunks,
  type GatewayError,
} from "../../../src/canonical/index.js";
import type { CodecContext, Provider, Target } from "../../../src/providers/types.js";

export function ctxFor(target: Target): CodecContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { target, onUnsupported: "error", warnings, warn: (m) => warnings.push(m) };
}

export type Outcome = { ok: true; res: ChatResponse } | { ok: false; error: GatewayError };

/** One chat exchange; `scenario` goes in the `x-emulator-scenario` header. */
export async function chat(
  p: Provider,
  req: ChatRequest,
  target: Target,
  scenario?: string,
): Promise<Outcome> {
  const ctx = ctxFor(target);
  const up = await p.chat.encode(req, ctx);
  const res = await request(up.url, {
    method: up.method,
    headers: { ...up.headers, ...(scenario ? { "x-emulator-scenario": scenario } : {}) },
    body: up.body,
  });
  if (res.statusCode >= 400) {
    return { ok: false, error: p.decodeError(res.statusCode, res.headers, await res.body.text()) };
  }
  if (req.stream) {
    try {
      return { ok: true, res: await collectChunks(p.chat.decodeStream(res.body, ctx)) };
    } catch (error) {
      return { ok: false, error: error as GatewayError };
    }
  }
  return { ok: true, res: p.chat.decode(await res.body.json(), ctx) };
}

export const userText = (text: string) => ({
  role: "user" as const,
  content: [{ type: "text" as const, text }],
});
