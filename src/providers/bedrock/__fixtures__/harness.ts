/** Shared setup for the Bedrock codec tests (not part of the build: `__fixtures__` is excluded). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChatChunk, ChatRequest, ChatResponse } from "../../../canonical/index.js";
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "../../../../test/emulators/bedrock/sigv4.js";
import type { CodecContext, Provider, UpstreamRequest } from "../../types.js";
import type { BedrockConfig } from "../config.js";
import { createBedrockProvider } from "../index.js";

export const FIXTURES = dirname(fileURLToPath(import.meta.url));
export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

export const CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
export const NOVA = "amazon.nova-pro-v1:0";
export const LLAMA = "meta.llama3-1-70b-instruct-v1:0";

/** Signing time pinned, so the golden requests hold whole signatures. */
export const FIXED_DATE = new Date("2025-06-01T12:00:00.000Z");

export const TEST_CONFIG: BedrockConfig = {
  type: "bedrock",
  region: "us-east-1",
  access_key_id: TEST_ACCESS_KEY_ID,
  secret_access_key: TEST_SECRET_ACCESS_KEY,
};

export function makeProvider(over: Partial<BedrockConfig> = {}): Provider {
  return createBedrockProvider("bedrock-test", { ...TEST_CONFIG, ...over }, { now: () => FIXED_DATE });
}

export interface TestContext extends CodecContext {
  warnings: string[];
}

export function makeCtx(
  model = CLAUDE,
  onUnsupported: "error" | "drop" = "error",
  target: Record<string, unknown> = {},
): TestContext {
  const warnings: string[] = [];
  return {
    target: { provider: "bedrock-test", model, ...target },
    onUnsupported,
    warn: (m) => warnings.push(m),
    warnings,
  };
}

/** Ids and timestamps are generated (Converse sends none); tests pin them. */
export function pinResponse(res: ChatResponse): ChatResponse {
  expectGenerated(res.id);
  return { ...res, id: "bedrock-ID", created: 0 };
}

export function pinChunks(chunks: ChatChunk[]): unknown[] {
  return chunks.map((c) => {
    if (c.type === "start") {
      expectGenerated(c.id);
      return { ...c, id: "bedrock-ID", created: 0 };
    }
    if (c.type === "error") {
      const e = c.error;
      return { type: "error", error: { status: e.status, kind: e.kind, code: e.code, message: e.message, provider: e.provider } };
    }
    return c;
  });
}

function expectGenerated(id: string): void {
  if (!/^bedrock-[0-9a-f-]{36}$/.test(id)) throw new Error(`unexpected generated id ${id}`);
}

export async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Encodes a partial chat request and returns the parsed Converse body and the warnings. */
export async function encodeBody(
  req: Partial<ChatRequest>,
  model = CLAUDE,
  mode: "error" | "drop" = "error",
): Promise<{ body: Record<string, unknown>; warnings: string[]; req: UpstreamRequest }> {
  const ctx = makeCtx(model, mode);
  const full: ChatRequest = { model: "alias", messages: [], stream: false, ...req };
  const r = await makeProvider().chat.encode(full, ctx);
  return { body: JSON.parse(String(r.body)) as Record<string, unknown>, warnings: ctx.warnings, req: r };
}

export const userText = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });
