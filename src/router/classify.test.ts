import { describe, expect, it } from "vitest";
import { GatewayError } from "../canonical/errors.js";
import { classify, fallsBack } from "./classify.js";
import { fallbackOnSchema } from "./config.js";

const err = (
  status: number,
  code: string,
  kind: ConstructorParameters<typeof GatewayError>[0]["kind"] = "upstream",
) => new GatewayError({ status, code, kind, message: "x" });

describe("classify", () => {
  it("names transport failures, timeouts, 429 and 5xx as transient", () => {
    expect([...classify(err(502, "upstream_connection_reset")).classes]).toEqual(["error", "5xx"]);
    expect([...classify(err(504, "upstream_timeout", "timeout")).classes]).toEqual(["timeout", "5xx"]);
    expect(classify(err(429, "rate_limit_exceeded", "rate_limit")).transient).toBe(true);
    expect(classify(err(500, "server_error")).transient).toBe(true);
  });

  it("keeps client errors final", () => {
    const bad = classify(err(400, "invalid_request", "invalid_request"));
    expect(bad.transient).toBe(false);
    expect(fallsBack(bad, fallbackOnSchema.parse(undefined))).toBe(false);
  });

  it("matches fallback_on by class and by exact status", () => {
    const ctx = classify(err(400, "context_length_exceeded", "invalid_request"));
    expect(fallsBack(ctx, fallbackOnSchema.parse(undefined))).toBe(false);
    expect(fallsBack(ctx, fallbackOnSchema.parse(["context_length_exceeded"]))).toBe(true);
    const s503 = classify(err(503, "overloaded"));
    expect(fallsBack(s503, fallbackOnSchema.parse([503]))).toBe(true);
    expect(fallsBack(s503, fallbackOnSchema.parse(["502"]))).toBe(false);
    expect(
      fallsBack(classify(err(429, "rate_limit_exceeded", "rate_limit")), fallbackOnSchema.parse(["5xx"])),
    ).toBe(false);
  });
});
