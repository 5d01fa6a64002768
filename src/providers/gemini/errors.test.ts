import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden, ROOT } from "../../../test/support/golden.js";
import { geminiProvider } from "./index.js";

const DIR = join(ROOT, "src", "providers", "gemini", "__fixtures__", "errors");
const KEY = "AIzaSyConfiguredKey0000000000000000000000";
const provider = geminiProvider.create("google", { type: "gemini", api_key: KEY });
const inputs = readdirSync(DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"));

function decode(file: string) {
  const r = JSON.parse(readFileSync(join(DIR, file), "utf8")) as {
    status: number;
    headers: Record<string, string>;
    body: string;
  };
  const e = provider.decodeError(r.status, r.headers, r.body);
  const { status, kind, code, param, message, retryAfter } = e;
  return { status, kind, code, param, message, retryAfter, provider: e.provider };
}

describe("gemini decodeError: recorded error bodies", () => {
  it("has fixtures", () => expect(inputs.length).toBeGreaterThanOrEqual(15));
  for (const file of inputs) {
    it(file, () => expectGolden(join(DIR, file.replace(/\.json$/, ".expected.json")), decode(file)));
  }

  it("maps the rules the gateway relies on", () => {
    expect(decode("api-key-invalid.json")).toMatchObject({
      status: 401,
      kind: "authentication",
      code: "invalid_api_key",
    });
    expect(decode("rate-limit-retry-info.json")).toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      retryAfter: "7",
    });
    expect(decode("rate-limit-header.json")).toMatchObject({ status: 429, retryAfter: "30" });
    expect(decode("context-length.json")).toMatchObject({ status: 400, code: "context_length_exceeded" });
    expect(decode("model-not-found.json")).toMatchObject({ status: 404, code: "model_not_found" });
    expect(decode("internal-500.json")).toMatchObject({
      status: 502,
      kind: "upstream",
      code: "upstream_error",
    });
    expect(decode("unavailable-503.json")).toMatchObject({ status: 503, kind: "overloaded" });
    expect(decode("array-wrapped.json")).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
  });

  it("never echoes a credential or an HTML page", () => {
    const echoed = decode("key-echo.json").message;
    expect(echoed).not.toMatch(/AIza|ya29\./);
    const html = decode("html-502.json");
    expect(html.message).not.toMatch(/<html|nginx/);
    expect(html).toMatchObject({ status: 502, code: "upstream_error", provider: "google" });
    expect(html.message).toContain("502");
  });
});
