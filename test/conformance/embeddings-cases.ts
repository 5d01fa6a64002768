/**
 * The embeddings conformance cases, asked through the official `openai` SDK
 * (`client.embeddings.create`), which asks for `encoding_format: "base64"` unless told otherwise
 * and decodes the little-endian float32 bytes itself: a gateway that answered floats to that
 * request would hand the application garbage of a quarter of the length.
 */
import OpenAI from "openai";
import { expect } from "vitest";
import type { RecordedRequest } from "../emulators/server.js";
import type { EmbeddingsTarget } from "./embeddings-targets.js";

export interface EmbeddingsCheck {
  client: OpenAI;
  target: EmbeddingsTarget;
  /** Text to embed; it carries a nonce so the upstream request can be found. */
  text: string;
  /** The upstream request the emulator recorded for this call. */
  received(): RecordedRequest | undefined;
}

export interface EmbeddingsCase {
  id: string;
  title: string;
  /** Why and which parameter, when the target cannot serve the case (then it must refuse it). */
  unsupported?(t: EmbeddingsTarget): { param: string; reason: string } | undefined;
  run(c: EmbeddingsCheck): Promise<void>;
}

const upstreamBody = (c: EmbeddingsCheck) => (c.received()?.body ?? {}) as Record<string, unknown>;

async function floats(c: EmbeddingsCheck, extra: { dimensions?: number } = {}): Promise<number[]> {
  const res = await c.client.embeddings.create({
    model: c.target.id,
    input: c.text,
    encoding_format: "float",
    ...extra,
  });
  expect(res.data).toHaveLength(1);
  expect(res.usage.prompt_tokens).toBeGreaterThan(0);
  return res.data[0]!.embedding;
}

function expectVector(v: number[], width: number): void {
  expect(v).toHaveLength(width);
  expect(v.every(Number.isFinite)).toBe(true);
  expect(v.some((x) => x !== 0)).toBe(true);
}

export const EMBEDDINGS_CASES: EmbeddingsCase[] = [
  {
    id: "embeddings-float",
    title: "embeddings as floats (`encoding_format: float`)",
    async run(c) {
      expectVector(await floats(c), c.target.width);
      const sent = upstreamBody(c);
      if (c.target.nativeBase64) expect(JSON.stringify(sent)).not.toContain('"base64"');
      else expect(sent).not.toHaveProperty("encoding_format");
    },
  },
  {
    id: "embeddings-base64",
    title: "embeddings as base64 (the `openai` SDK's default)",
    async run(c) {
      const res = await c.client.embeddings.create({ model: c.target.id, input: c.text });
      const decoded = Array.from(res.data[0]!.embedding);
      if (c.target.nativeBase64) expect(JSON.stringify(upstreamBody(c))).toContain('"base64"');
      else expect(upstreamBody(c)).not.toHaveProperty("encoding_format");
      expectVector(decoded, c.target.width);
      expect(decoded).toEqual((await floats(c)).map(Math.fround));
    },
  },
  {
    id: "embeddings-dimensions",
    title: "embeddings with `dimensions` (in the provider's own field)",
    unsupported: (t) =>
      typeof t.sizeField === "string" ? undefined : { param: "dimensions", reason: t.sizeField.unsupported },
    async run(c) {
      expectVector(await floats(c, { dimensions: 256 }), 256);
      expect(upstreamBody(c)[c.target.sizeField as string]).toBe(256);
    },
  },
];

/** The refusal a case the target cannot serve must get, and the drop-mode success. */
export async function expectRefused(c: EmbeddingsCheck, param: string): Promise<void> {
  const ask = { input: c.text, encoding_format: "float" as const, dimensions: 256 };
  const err = await c.client.embeddings.create({ model: c.target.id, ...ask }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenAI.APIError);
  expect(err).toMatchObject({ status: 400, code: "unsupported_parameter", param });
  const dropped = await c.client.embeddings.create({ model: `${c.target.id}-drop`, ...ask }).withResponse();
  expect(dropped.response.headers.get("x-tollgate-warning")).toContain(param);
  expectVector(dropped.data.data[0]!.embedding, c.target.width);
}
