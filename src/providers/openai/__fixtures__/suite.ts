/**
 * The golden suite every OpenAI-family provider runs against its own `__fixtures__/`:
 * `requests/` (expected upstream request per shared canonical input), `responses/` (recorded JSON
 * and its canonical decode), `streams/` (recorded SSE bytes and their chunks, replayed cut at
 * every byte or at 200 random places) and `errors/` (status, headers and body → GatewayError).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { type ChatChunk, GatewayError } from "../../../canonical/index.js";
import { everyCut, randomCuts, replayCut } from "../../../../test/support/chunking.js";
import { CANONICAL_INPUTS, expectGolden, loadCanonical } from "../../../../test/support/golden.js";
import type { CodecContext, Provider, Target, UpstreamRequest } from "../../types.js";

export function testContext(target: Target, onUnsupported: "error" | "drop" = "error"): CodecContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { target, onUnsupported, warnings, warn: (m) => warnings.push(m) };
}

/** An error as a golden stores it. */
export function errorView(e: unknown): Record<string, unknown> {
  if (!(e instanceof GatewayError)) throw e;
  return {
    status: e.status,
    kind: e.kind,
    code: e.code,
    message: e.message,
    param: e.param,
    ...(e.retryAfter ? { retryAfter: e.retryAfter } : {}),
    provider: e.provider,
  };
}

export function requestView(r: UpstreamRequest): Record<string, unknown> {
  return { method: r.method, url: r.url, headers: r.headers, body: JSON.parse(String(r.body)) };
}

/** Chunks as a golden stores them (errors flattened). */
export async function chunksOf(stream: AsyncIterable<ChatChunk>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const c of stream) out.push(c.type === "error" ? { type: "error", error: errorView(c.error) } : c);
  return out;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const files = (dir: string, suffix: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(suffix) && !f.endsWith(".expected.json")) : [];

/** Registers the four golden groups for one provider. */
export function goldenSuite(provider: Provider, fixtures: string, target: Target): void {
  for (const name of CANONICAL_INPUTS) {
    it(`encodes ${name}`, async () => {
      const ctx = testContext(target);
      try {
        const r = await provider.chat.encode(loadCanonical(name), ctx);
        expectGolden(join(fixtures, "requests", `${name}.json`), { ...requestView(r), warnings: ctx.warnings });
      } catch (e) {
        expectGolden(join(fixtures, "requests", `${name}.json`), { error: errorView(e) });
      }
    });
  }
  for (const f of files(join(fixtures, "responses"), ".json")) {
    it(`decodes response ${f}`, () => {
      const body = JSON.parse(readFileSync(join(fixtures, "responses", f), "utf8"));
      const ctx = testContext(target);
      const golden = join(fixtures, "responses", f.replace(/\.json$/, ".expected.json"));
      try {
        expectGolden(golden, provider.chat.decode(body, ctx));
      } catch (e) {
        expectGolden(golden, { error: errorView(e) });
      }
    });
  }
  for (const f of files(join(fixtures, "streams"), ".sse")) {
    it(`decodes stream ${f}, whole and cut anywhere`, async () => {
      const bytes = new Uint8Array(readFileSync(join(fixtures, "streams", f)));
      const ctx = testContext(target);
      const whole = await chunksOf(provider.chat.decodeStream(once(bytes), ctx));
      expectGolden(join(fixtures, "streams", f.replace(/\.sse$/, ".expected.json")), whole);
      expect(whole[0]).toMatchObject({ type: "start" });
      const cuts = bytes.length <= 1500 ? [...everyCut(bytes.length)] : randomCuts(bytes.length, 200, 7).map((c) => [c]);
      cuts.push(randomCuts(bytes.length, 40, 11));
      for (const cut of cuts) {
        expect(await chunksOf(provider.chat.decodeStream(replayCut(bytes, cut), ctx))).toEqual(whole);
      }
    });
  }
  for (const f of files(join(fixtures, "errors"), ".json")) {
    it(`maps error ${f}`, () => {
      const c = JSON.parse(readFileSync(join(fixtures, "errors", f), "utf8")) as {
        status: number;
        headers: Record<string, string>;
        body: string;
      };
      const err = provider.decodeError(c.status, c.headers, c.body);
      expect(err).toBeInstanceOf(GatewayError);
      expect(err.message).not.toMatch(/<html|sk-[a-z0-9]/i);
      expectGolden(join(fixtures, "errors", f.replace(/\.json$/, ".expected.json")), errorView(err));
    });
  }
}
