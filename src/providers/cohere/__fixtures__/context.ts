/** Shared by this provider's tests: a codec context that records warnings. */
import type { CodecContext } from "../../types.js";
import { cohereProvider } from "../index.js";

export const UPSTREAM_MODEL = "command-a-03-2025";

export function testContext(
  onUnsupported: "error" | "drop" = "error",
  model = UPSTREAM_MODEL,
): CodecContext & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    target: { provider: "cohere", model },
    warn: (m) => warnings.push(m),
    onUnsupported,
    warnings,
  };
}

/** A provider instance with a fixed test key. */
export function testProvider(extra: Record<string, unknown> = {}) {
  const config = cohereProvider.schema.parse({ type: "cohere", api_key: "co-test-key-0123456789", ...extra });
  return cohereProvider.create("cohere", config);
}

/** Response and chunk timestamps are the decode time; goldens hold 0. */
export function withoutCreated<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (k, v) => (k === "created" ? 0 : v)) as T;
}
