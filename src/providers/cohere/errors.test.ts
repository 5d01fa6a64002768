import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import { testProvider } from "./__fixtures__/context.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__", "errors");
const provider = testProvider();

/** [recorded body file, upstream status, upstream headers]. */
const CASES: Array<[string, number, Record<string, string>]> = [
  ["400-bad-request.json", 400, {}],
  ["400-too-many-tokens.json", 400, {}],
  ["400-max-tokens.json", 400, {}],
  ["401-invalid-token.json", 401, {}],
  ["402-payment.json", 402, {}],
  ["404-model.json", 404, {}],
  ["422-no-id.json", 422, {}],
  ["429-trial.json", 429, { "Retry-After": "12" }],
  ["499-cancelled.json", 499, {}],
  ["500-internal.json", 500, {}],
  ["502-html.txt", 502, { "content-type": "text/html" }],
  ["503-unavailable.json", 503, {}],
  ["504-empty.txt", 504, {}],
];

describe("cohere decodeError", () => {
  it.each(CASES)("maps %s (HTTP %i)", (file, status, headers) => {
    const err = provider.decodeError(status, headers, readFileSync(join(FIXTURES, file), "utf8"));
    const view = {
      status: err.status,
      kind: err.kind,
      code: err.code,
      param: err.param,
      retryAfter: err.retryAfter,
      provider: err.provider,
      message: err.message,
    };
    expectGolden(join(FIXTURES, file.replace(/\.\w+$/, ".expected.json")), view);
  });

  it("keeps the pivotal mappings", () => {
    const read = (f: string) => readFileSync(join(FIXTURES, f), "utf8");
    expect(provider.decodeError(401, {}, read("401-invalid-token.json"))).toMatchObject({
      status: 401,
      kind: "authentication",
    });
    expect(provider.decodeError(429, { "retry-after": "12" }, read("429-trial.json"))).toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      retryAfter: "12",
    });
    expect(provider.decodeError(400, {}, read("400-too-many-tokens.json")).code).toBe(
      "context_length_exceeded",
    );
    expect(provider.decodeError(404, {}, read("404-model.json")).code).toBe("model_not_found");
    expect(provider.decodeError(503, {}, read("503-unavailable.json"))).toMatchObject({
      status: 503,
      kind: "overloaded",
    });
    const html = provider.decodeError(502, {}, read("502-html.txt"));
    expect(html).toMatchObject({ status: 502, code: "upstream_error" });
    expect(html.message).not.toContain("<html>");
    expect(html.message).toContain("502");
  });

  it("never echoes the API key", () => {
    const err = provider.decodeError(
      401,
      {},
      JSON.stringify({ message: "invalid api token co-test-key-0123456789" }),
    );
    expect(err.message).not.toContain("co-test-key-0123456789");
  });
});
