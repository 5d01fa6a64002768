/**
 * What `consistent-hash` hashes on: a header's value, the consumer, or the stable prompt prefix
 * (system messages and tools), the part providers' prompt caches key on.
 */
import type { PlanInput } from "./balancer.js";
import { fmix32, fnv1a, hash32 } from "./hash.js";

/** Characters taken from each end of a long system text. */
const SAMPLE = 64;

/** The routing key of a request, or undefined when it has none (no header, no consumer…). */
export function hashKey(hashOn: string, input: PlanInput | undefined): number | undefined {
  if (!input) return undefined;
  if (hashOn === "prefix") return prefixKey(input);
  if (hashOn === "consumer") {
    const who = input.identity?.consumer ?? input.identity?.key;
    return who === undefined ? undefined : hash32(who);
  }
  const raw = input.headers[hashOn.slice("header:".length).toLowerCase()];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  return value ? hash32(value) : undefined;
}

/**
 * A hash of the system messages and tool names. Long texts are sampled (length, head and tail),
 * so the cost stays bounded whatever the prompt size: equal prefixes always get equal keys, and
 * two prompts that differ only in their middle sharing a target is harmless (routing, not
 * identity).
 */
function prefixKey(input: PlanInput): number | undefined {
  const { messages, tools } = input.request;
  let h = 0x811c9dc5;
  let any = false;
  for (const m of messages) {
    if (m.role !== "system" && m.role !== "developer") continue;
    for (const part of m.content) {
      if (part.type !== "text") continue;
      any = true;
      h = sampled(part.text, h);
    }
  }
  for (const t of tools ?? []) {
    any = true;
    h = hash32(t.name, h);
  }
  return any ? h : undefined;
}

function sampled(text: string, seed: number): number {
  const n = text.length;
  if (n <= 2 * SAMPLE) return hash32(text, seed);
  const head = fnv1a(text, 0, SAMPLE, Math.imul(seed ^ n, 0x01000193));
  return fmix32(fnv1a(text, n - SAMPLE, n, head));
}
