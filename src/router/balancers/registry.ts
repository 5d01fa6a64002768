/** Balancers by their config name (`balancer.algorithm`), built from their config. */
import { z } from "zod";
import { type EmbedTexts, gatewayEmbedder } from "../../embedders/gateway.js";
import { localEmbedder } from "../../embedders/local.js";
import type { CounterStore } from "../../state/types.js";
import type { Balancer, SyncBalancer, WeightedTarget } from "./balancer.js";
import { type BalancerConfig, type BalancerConfigOf, balancerConfigSchema } from "./config.js";
import { consistentHashBalancer } from "./consistent-hash.js";
import { leastInflightBalancer } from "./least-inflight.js";
import { lowestLatencyBalancer } from "./lowest-latency.js";
import { lowestUsageBalancer } from "./lowest-usage.js";
import { priorityBalancer } from "./priority.js";
import { roundRobinBalancer } from "./round-robin.js";
import { semanticBalancer } from "./semantic.js";

/** What balancers may need beyond their config. */
export interface BalancerDeps {
  /** The gateway's counter store (`lowest-usage` and `lowest-latency` with `shared: true`). */
  counters?: CounterStore | undefined;
  /** The model's name: namespaces shared counters. */
  scope?: string;
  /** Wall clock in ms (usage windows); tests move it by hand. */
  now?: () => number;
  /** Embeds texts with one of the gateway's embeddings models (`embedder: { type: model }`). */
  embedWith?: (model: string) => EmbedTexts;
}

type Make = (config: never, deps: BalancerDeps) => Balancer<WeightedTarget & object>;

const BALANCERS: Record<BalancerConfig["algorithm"], Make> = {
  priority: () => priorityBalancer(),
  "round-robin": () => roundRobinBalancer(),
  "lowest-latency": ({ algorithm: _, ...s }: BalancerConfigOf<"lowest-latency">, deps) =>
    lowestLatencyBalancer(s, deps),
  "lowest-usage": ({ algorithm: _, ...s }: BalancerConfigOf<"lowest-usage">, deps) =>
    lowestUsageBalancer(s, deps),
  "least-inflight": () => leastInflightBalancer(),
  "consistent-hash": ({ algorithm: _, ...s }: BalancerConfigOf<"consistent-hash">) =>
    consistentHashBalancer(s),
  semantic: ({ algorithm: _, embedder, ...s }: BalancerConfigOf<"semantic">, deps) => {
    if (embedder.type === "local") return semanticBalancer(s, localEmbedder());
    if (!deps.embedWith)
      throw new Error(`semantic balancer: no embeddings model '${embedder.model}' to call`);
    return semanticBalancer(s, gatewayEmbedder(embedder.model, deps.embedWith(embedder.model)));
  },
};

/** The algorithm names a config may use. */
export type BalancerAlgorithm = BalancerConfig["algorithm"];

/** Algorithms whose `plan` never waits. */
type SyncAlgorithm = Exclude<BalancerAlgorithm, "semantic">;

/**
 * A fresh balancer for `config` (or an algorithm name with default settings); an unknown name
 * is a clear error listing the known ones.
 */
export function createBalancer<T extends WeightedTarget>(
  config: SyncAlgorithm | Extract<BalancerConfig, { algorithm: SyncAlgorithm }>,
  deps?: BalancerDeps,
): SyncBalancer<T>;
export function createBalancer<T extends WeightedTarget>(
  config: string | Partial<BalancerConfig>,
  deps?: BalancerDeps,
): Balancer<T>;
export function createBalancer<T extends WeightedTarget>(
  config: string | Partial<BalancerConfig>,
  deps: BalancerDeps = {},
): Balancer<T> {
  const c = typeof config === "string" ? { algorithm: config } : config;
  const make = (BALANCERS as Record<string, Make | undefined>)[c.algorithm ?? "priority"];
  if (!make) {
    throw new Error(`unknown balancer '${c.algorithm}' (known: ${Object.keys(BALANCERS).join(", ")})`);
  }
  // Settings left out get their defaults (a string names the algorithm with default settings).
  const parsed = balancerConfigSchema.safeParse(c);
  if (!parsed.success) throw new Error(`balancer '${c.algorithm}': ${z.prettifyError(parsed.error)}`);
  return make(parsed.data as never, deps) as unknown as Balancer<T>;
}
