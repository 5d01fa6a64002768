import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import type { GatewayError } from "../../canonical/errors.js";
import { fixture, makeProvider } from "./__fixtures__/harness.js";
import { sanitizeErrorType } from "./errors.js";

const provider = makeProvider();
const CASES = readdirSync(fixture("errors"))
  .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
  .map((f) => f.slice(0, -5));

function view(e: GatewayError): unknown {
  return {
    status: e.status,
    kind: e.kind,
    code: e.code,
    message: e.message,
    provider: e.provider,
    ...(e.retryAfter ? { retryAfter: e.retryAfter } : {}),
  };
}

describe("bedrock decodeError: recorded error responses", () => {
  for (const name of CASES) {
    it(`${name} → expected error`, () => {
      const rec = JSON.parse(readFileSync(fixture("errors", `${name}.json`), "utf8")) as {
        status: number;
        headers: Record<string, string>;
        body: string;
      };
      expectGolden(
        fixture("errors", `${name}.expected.json`),
        view(provider.decodeError(rec.status, rec.headers, rec.body)),
      );
    });
  }

  it("an HTML 502 page → a generic upstream error that does not dump the page", () => {
    const html = readFileSync(fixture("errors", "html-502.html"), "utf8");
    const e = provider.decodeError(502, { "content-type": "text/html" }, html);
    expectGolden(fixture("errors", "html-502.expected.json"), view(e));
    expect(e.message).not.toContain("<");
    expect(e.message).toContain("502");
  });

  it("maps the key statuses the gateway relies on", () => {
    const code = (name: string) => {
      const rec = JSON.parse(readFileSync(fixture("errors", `${name}.json`), "utf8"));
      const e = provider.decodeError(rec.status, rec.headers, rec.body);
      return [e.status, e.code];
    };
    expect(code("throttling")).toEqual([429, "rate_limit_exceeded"]);
    expect(code("context-length")).toEqual([400, "context_length_exceeded"]);
    expect(code("context-length-claude")).toEqual([400, "context_length_exceeded"]);
    expect(code("unrecognized-client")).toEqual([401, "invalid_api_key"]);
    expect(code("resource-not-found")).toEqual([404, "model_not_found"]);
    expect(code("model-id-invalid")).toEqual([404, "model_not_found"]);
    expect(code("model-not-ready")).toEqual([503, "overloaded"]);
    expect(code("internal-server")).toEqual([502, "upstream_error"]);
  });

  it("never echoes the session token that InvalidSignatureException quotes", () => {
    const rec = JSON.parse(readFileSync(fixture("errors", "invalid-signature.json"), "utf8"));
    const e = provider.decodeError(rec.status, rec.headers, rec.body);
    expect(e.message).not.toContain("IQoJb3JpZ2lu");
    expect(e.status).toBe(401);
  });

  it("reads error types in every spelling AWS uses", () => {
    expect(
      sanitizeErrorType("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"),
    ).toBe("ThrottlingException");
    expect(sanitizeErrorType("aws.protocoltests#ValidationException")).toBe("ValidationException");
    expect(sanitizeErrorType("AccessDeniedException")).toBe("AccessDeniedException");
  });
});
