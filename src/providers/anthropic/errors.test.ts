import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden, ROOT } from "../../../test/support/golden.js";
import { anthropicProvider } from "./index.js";

const DIR = join(ROOT, "src", "providers", "anthropic", "__fixtures__", "errors");
const KEY = "configured-secret-key";
const provider = anthropicProvider.create("claude", { type: "anthropic", api_key: KEY });

interface Recorded {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

const inputs = readdirSync(DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"));

function decode(file: string) {
  const r = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Recorded;
  const e = provider.decodeError(r.status, r.headers, r.body);
  return {
    status: e.status,
    kind: e.kind,
    code: e.code,
    param: e.param,
    message: e.message,
    retryAfter: e.retryAfter,
    provider: e.provider,
  };
}

describe("anthropic decodeError: recorded error bodies", () => {
  it("has fixtures", () => expect(inputs.length).toBeGreaterThanOrEqual(12));
  for (const file of inputs) {
    it(file, () => expectGolden(join(DIR, file.replace(/\.json$/, ".expected.json")), decode(file)));
  }

  it("maps the rules the gateway relies on", () => {
    expect(decode("context-length.json")).toMatchObject({ status: 400, code: "context_length_exceeded" });
    expect(decode("model-not-found.json")).toMatchObject({ status: 404, code: "model_not_found" });
    expect(decode("rate-limit.json")).toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      retryAfter: "7",
    });
    expect(decode("overloaded-529.json")).toMatchObject({ status: 503, kind: "overloaded" });
    expect(decode("api-error.json")).toMatchObject({ status: 502, kind: "upstream", code: "upstream_error" });
    expect(decode("plain-text-429.json")).toMatchObject({ status: 429, retryAfter: "30" });
  });

  it("never echoes a credential or an HTML page", () => {
    const echoed = decode("key-echo.json").message;
    expect(echoed).not.toContain(KEY);
    expect(echoed).not.toMatch(/sk-ant-/);
    const html = decode("html-502.json");
    expect(html.message).not.toMatch(/<html|nginx|cloudflare/);
    expect(html.message).toContain("502");
    expect(html.message).toContain("claude");
  });
});
