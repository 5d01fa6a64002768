/**
 * Each balancer's own config keys, as zod schemas: `balancerConfigSchema` is a discriminated
 * union on `algorithm`, for the model schema (`balancer:`). Unknown keys are errors, so a typo in
 * `latency_strategy` is reported rather than silently ignored.
 */
import { z } from "zod";
import { durationMs, HOUR, MINUTE } from "../../config/bounds.js";

const priority = z.object({ algorithm: z.literal("priority") }).strict();
const roundRobin = z.object({ algorithm: z.literal("round-robin") }).strict();
const leastInflight = z.object({ algorithm: z.literal("least-inflight") }).strict();

const lowestLatency = z
  .object({
    algorithm: z.literal("lowest-latency"),
    /** `e2e`: whole answer time; `tpot`: time per output token after the first byte. */
    latency_strategy: z.enum(["e2e", "tpot"]).default("e2e"),
    /** Weight of a new sample below the current average (a sample above it replaces it: the peak). */
    sample_weight: z.number().gt(0).max(1).default(0.3),
    /**
     * Share of decisions that go to the target measured longest ago, so a target that was slow
     * once is measured again instead of being starved forever. 0 turns exploring off.
     */
    explore: z.number().min(0).max(0.5).default(0.02),
    /** A failed attempt counts as this many times the target's current average. */
    failure_penalty: z.number().min(1).max(100).default(2),
    /** Publish and read each target's average in the gateway's counter store (Redis): the fleet's view. */
    shared: z.boolean().default(false),
  })
  .strict();

const lowestUsage = z
  .object({
    algorithm: z.literal("lowest-usage"),
    usage_strategy: z
      .enum(["total_tokens", "prompt_tokens", "completion_tokens", "cost"])
      .default("total_tokens"),
    /** The usage window (sliding, from two fixed windows). */
    window_ms: durationMs({ min: 1000, max: 24 * HOUR }).default(MINUTE),
    /** Count usage fleet-wide in the gateway's counter store (Redis) instead of per node. */
    shared: z.boolean().default(false),
  })
  .strict();

const consistentHash = z
  .object({
    algorithm: z.literal("consistent-hash"),
    /** `header:<name>`, `consumer`, or `prefix` (system message + tools). */
    hash_on: z
      .string()
      .regex(/^(header:[A-Za-z0-9!#$%&'*+.^_`|~-]+|consumer|prefix)$/, {
        message: "must be 'prefix', 'consumer' or 'header:<name>'",
      })
      .default("prefix"),
    /** Points on the ring per unit of weight; more points, a more even split. */
    virtual_nodes: z.number().int().min(1).max(1000).default(160),
  })
  .strict();

const embedder = z.discriminatedUnion("type", [
  /** Universal Sentence Encoder Lite, in process, no network. */
  z
    .object({ type: z.literal("local") })
    .strict(),
  /** An embeddings model of this gateway (a configured model name). */
  z
    .object({ type: z.literal("model"), model: z.string().min(1) })
    .strict(),
]);

const semantic = z
  .object({
    algorithm: z.literal("semantic"),
    embedder: embedder.prefault({ type: "local" }),
    /** Cosine similarity below which the request goes to `catch_all` (or list order). */
    threshold: z.number().min(0).max(1).default(0.3),
    /** The id of the target (`provider/model`, `provider/model#2`) for requests no description fits. */
    catch_all: z.string().min(1).optional(),
    /** Characters of the last user message that are embedded (the rest is cut). */
    max_chars: z.number().int().min(16).max(100_000).default(2000),
  })
  .strict();

/** `balancer:` of a model; absent means `priority` (list order). */
export const balancerConfigSchema = z
  .discriminatedUnion("algorithm", [
    priority,
    roundRobin,
    lowestLatency,
    lowestUsage,
    leastInflight,
    consistentHash,
    semantic,
  ])
  .prefault({ algorithm: "priority" });

export type BalancerConfig = z.output<typeof balancerConfigSchema>;
export type BalancerConfigOf<A extends BalancerConfig["algorithm"]> = Extract<
  BalancerConfig,
  { algorithm: A }
>;
