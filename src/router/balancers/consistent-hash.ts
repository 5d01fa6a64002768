/**
 * Consistent hash: requests with the same key (a header, the consumer, or the prompt prefix) go
 * to the same target while it is healthy, so provider-side prompt caches stay warm. A request
 * without a key (no such header, no system message or tools) is spread by weighted round-robin.
 */
import type { SyncBalancer, WeightedTarget } from "./balancer.js";
import type { BalancerConfigOf } from "./config.js";
import { hashKey } from "./hash-key.js";
import { HashRing } from "./hash-ring.js";
import { weightOf } from "./order.js";
import { roundRobinBalancer } from "./round-robin.js";

type Settings = Omit<BalancerConfigOf<"consistent-hash">, "algorithm">;

/** Ring points of one target: `virtual_nodes` per unit of weight, within 1..10 000. */
const MAX_POINTS = 10_000;

export function consistentHashBalancer<T extends WeightedTarget & object>(
  settings: Partial<Settings> = {},
): SyncBalancer<T> {
  const s: Settings = { hash_on: "prefix", virtual_nodes: 160, ...settings };
  const ring = new HashRing<T>(
    (t, n) => t.id ?? `#${n}`,
    (t) => Math.min(MAX_POINTS, Math.max(1, Math.round(s.virtual_nodes * weightOf(t)))),
  );
  const keyless = roundRobinBalancer<T>();
  return {
    plan(targets, input) {
      if (targets.length < 2) return [...targets];
      const key = hashKey(s.hash_on, input);
      if (key === undefined) return keyless.plan(targets);
      ring.ensure(targets);
      return ring.walk(key, targets);
    },
    scores(targets, input) {
      const key = hashKey(s.hash_on, input);
      if (key === undefined) return targets.map(() => ({ note: `no ${s.hash_on} key: round-robin` }));
      ring.ensure(targets);
      const order = ring.walk(key, targets);
      return targets.map((t) => ({ score: order.indexOf(t), metric: `ring position for ${s.hash_on}` }));
    },
  };
}
