/**
 * Active health checks whose verdicts are the fleet's (`health_check: { shared: true }` with a
 * counter store). Each node still probes every target itself and folds its probes into its own
 * verdict (`TargetHealth`); it also:
 *
 * - publishes that verdict once per window of `interval_ms` (windows aligned to the wall clock,
 *   so every node votes into the same keys): `…:up:<window>` or `…:down:<window>`, counters that
 *   live three intervals;
 * - reads the fleet's votes right after it publishes (in the probe timer, never on a request):
 *   those of the last two complete windows, or the current one's while those have none (a fleet
 *   just started);
 * - leaves the target out when its own verdict is unhealthy, or when more nodes voted it
 *   unhealthy than healthy. Majority rather than any node's failure: one node that cannot reach
 *   a provider (its own network, its own DNS) should not take the target from the whole fleet,
 *   while an outage every node sees takes it out on nodes whose own probes have not caught up.
 *   A node's own failing verdict always holds for itself.
 *
 * When the store is unreachable the node uses its own verdict alone until the store answers.
 */
import type { CounterStore } from "../state/types.js";
import type { Clock } from "./clock.js";
import type { HealthCheckConfig } from "./config.js";
import { type CheckView, TargetHealth } from "./health-check.js";

export interface FleetHealthLink {
  store: CounterStore;
  /** The model's name: with the target id, names the keys. */
  scope: string;
  /** The target's id (`provider/model`, `#2` for a repeat). */
  target: string;
  /** Wall clock in ms, for window keys every node shares; tests move it by hand. */
  now?: () => number;
}

interface Votes {
  unhealthy: number;
  healthy: number;
}

export class FleetTargetHealth extends TargetHealth {
  readonly #store: CounterStore;
  readonly #key: string;
  readonly #now: () => number;
  #votedIn = Number.NaN;
  #fleet: Votes | undefined;
  #pending = new Set<Promise<unknown>>();

  constructor(config: HealthCheckConfig, clock: Clock, link: FleetHealthLink) {
    super(config, clock);
    this.#store = link.store;
    // why: one hash tag per model keeps a window's keys (and getMany) in one Redis Cluster slot.
    this.#key = `{hc:${link.scope.replace(/[{}]/g, "_")}}${link.target}`;
    this.#now = link.now ?? Date.now;
  }

  override get healthy(): boolean {
    return super.healthy && !this.#fleetSaysDown();
  }

  override reason(): string {
    if (super.healthy && this.#fleet)
      return `${this.#fleet.unhealthy} of ${this.#fleet.unhealthy + this.#fleet.healthy} nodes' latest verdicts are unhealthy`;
    return super.reason();
  }

  override report(ok: boolean, error?: string): void {
    super.report(ok, error);
    const quiet = this.#share().catch(() => {
      // An unreachable store leaves the node on its own verdict; the next round tries again.
      this.#fleet = undefined;
    });
    this.#pending.add(quiet);
    void quiet.finally(() => this.#pending.delete(quiet));
  }

  override view(): CheckView {
    return { ...super.view(), shared: true, ...(this.#fleet ? { fleet: { ...this.#fleet } } : {}) };
  }

  /** Resolves once every store call started so far has landed (tests). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  #fleetSaysDown(): boolean {
    return this.#fleet !== undefined && this.#fleet.unhealthy > this.#fleet.healthy;
  }

  async #share(): Promise<void> {
    const w = Math.floor(this.#now() / this.config.interval_ms);
    if (w !== this.#votedIn) {
      // One vote per node per window, so a node's extra rounds (a reload, a slow one) do not
      // outvote the others.
      this.#votedIn = w;
      const vote = super.healthy ? "up" : "down";
      await this.#store.add(`${this.#key}:${vote}:${w}`, 1, 3 * this.config.interval_ms);
    }
    // The two complete windows before this one: every node that probes at all voted in them
    // (once or twice: timers drift across window edges, so one window alone may miss a vote).
    // A fleet just started has none yet and is read from this window.
    const keys = [w - 2, w - 1, w].flatMap((i) => [`${this.#key}:down:${i}`, `${this.#key}:up:${i}`]);
    const v = await this.#store.getMany(keys);
    const [down, up] = [(v[0] ?? 0) + (v[2] ?? 0), (v[1] ?? 0) + (v[3] ?? 0)];
    this.#fleet =
      down + up > 0 ? { unhealthy: down, healthy: up } : { unhealthy: v[4] ?? 0, healthy: v[5] ?? 0 };
  }
}
