/**
 * The shared shape of a balancer: given a pool of targets (one priority tier of a model), an
 * ordered attempt plan for one request. The attempt loop (src/router/attempts.ts) builds the
 * tiers, leaves targets with an open breaker out, and reports each attempt back through
 * `begin` / `observe`, so balancers that learn (latency, usage, in-flight) see every outcome.
 * State lives in the balancer instance, per node, unless a balancer says otherwise.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ChatRequest } from "../../canonical/chat.js";
import type { Identity } from "../../pipeline/identity.js";
import type { DeepReadonly } from "../../pipeline/plugin.js";

/** What a balancer needs to know about a target. */
export interface WeightedTarget {
  /** Stable within the model across reloads that keep the target: `provider/model#n`. */
  id?: string;
  /** Relative share of traffic; absent counts as 1. */
  weight?: number;
  /** Tier (lower first); absent counts as 1. */
  priority?: number;
  /** For the semantic balancer: what this target is for. */
  description?: string;
}

/** The request being planned, read-only. */
export interface PlanInput {
  request: DeepReadonly<ChatRequest>;
  headers: IncomingHttpHeaders;
  identity?: Identity | undefined;
}

/** How one attempt on a target went. */
export interface AttemptOutcome {
  ok: boolean;
  /** From sending the request to the last byte of the answer (or the failure). */
  e2eMs: number;
  /** From sending to the first byte of the answer, when one arrived. */
  firstByteMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  costUsd?: number;
}

/** One target's standing, for `/v1/tollgate/explain`. */
export interface TargetScore {
  /** The balancer's number (its unit is in `metric`); absent when it has none. */
  score?: number;
  metric?: string;
  note?: string;
}

/** Orders a tier's targets for one request; the first entry is tried first. */
export interface Balancer<T extends WeightedTarget> {
  /** Sync for every balancer but `semantic` (which embeds the prompt). */
  plan(targets: readonly T[], input: PlanInput): T[] | Promise<T[]>;
  /** An attempt on `target` started (in-flight accounting). */
  begin?(target: T): void;
  /** An attempt on `target` ended; called once per `begin`. */
  observe?(target: T, outcome: AttemptOutcome): void;
  /** Each target's standing, without changing any state (explain must not move traffic). */
  scores?(targets: readonly T[], input: PlanInput): TargetScore[] | Promise<TargetScore[]>;
}

/** A balancer whose plan never waits (every one but `semantic`). */
export interface SyncBalancer<T extends WeightedTarget> extends Balancer<T> {
  plan(targets: readonly T[], input?: PlanInput): T[];
  scores?(targets: readonly T[], input?: PlanInput): TargetScore[];
}
