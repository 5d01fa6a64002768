/** Test helpers shared by the gemini and vertex tests (kept under __fixtures__ so the build leaves it out). */
import type { CodecContext } from "../../types.js";

/** A codec context that records warnings. */
export function testCtx(
  model = "gemini-2.5-flash",
  onUnsupported: "error" | "drop" = "error",
  provider = "google",
): CodecContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { target: { provider, model }, warn: (m) => warnings.push(m), onUnsupported, warnings };
}
