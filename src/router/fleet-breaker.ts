/**
 * A breaker whose failures and open state are the fleet's (`breaker: { shared: true }` with a
 * counter store). It is a local `Breaker` that also:
 *
 * - adds each failure to fixed-window counters in the store (`…:f:<window>`, aligned to the wall
 *   clock so every node counts into the same keys) and opens when the fleet's sliding count
 *   (this window + the share of the last one still inside `window_ms`) reaches `max_fails`;
 * - marks an open breaker in the store (`…:open`, a counter that lives for `cooldown_ms`), and
 *   reads that marker in the background at most every `refreshMs`: a node that sees it keeps the
 *   target out; when it is gone, the node's breaker turns half-open;
 * - takes the half-open probe with a set-if-absent claim (`…:probe`, an `add` that returns 1 only
 *   to its first caller, living `cooldown_ms`), so one node of the fleet probes per cooldown. The
 *   claim is taken in the background: until it lands the node leaves the target out. The other
 *   nodes wait for the verdict: a failed probe sets the open marker again; a good one sets
 *   `…:ok`, which closes their breakers when they read it. A claim whose owner never reported
 *   (it died) expires with the cooldown and the next node takes it.
 *
 * Decisions (`allow`, `available`) stay synchronous and local. When the store is unreachable the
 * calls fail quietly and the node runs on its own counts and cooldowns (and sends its own probe).
 */
import type { CounterStore } from "../state/types.js";
import { Breaker, type BreakerView } from "./breaker.js";
import type { Clock } from "./clock.js";
import type { BreakerConfig } from "./config.js";

export interface FleetLink {
  store: CounterStore;
  /** The model's name: with the target id, names the keys. */
  scope: string;
  /** The target's id (`provider/model`, `#2` for a repeat). */
  target: string;
  /** Wall clock in ms, for window keys every node shares; tests move it by hand. */
  now?: () => number;
}

/**
 * Where this node stands on the half-open probe: no claim, asking for it, holding it, sending
 * it, or another node holds it.
 */
type ProbeClaim = "none" | "taking" | "mine" | "probing" | "theirs";

export class FleetBreaker extends Breaker {
  readonly #store: CounterStore;
  readonly #key: string;
  readonly #now: () => number;
  readonly #refreshMs: number;
  #readAt = Number.NEGATIVE_INFINITY;
  #reading = false;
  /** The local breaker is open because the fleet's marker was seen (not by its own count). */
  #heldByFleet = false;
  #claim: ProbeClaim = "none";
  #pending = new Set<Promise<unknown>>();

  constructor(config: BreakerConfig, clock: Clock, link: FleetLink) {
    super(config, clock);
    this.#store = link.store;
    // why: one hash tag per model keeps a target's keys (and getMany) in one Redis Cluster slot.
    this.#key = `{br:${link.scope.replace(/[{}]/g, "_")}}${link.target}`;
    this.#now = link.now ?? Date.now;
    this.#refreshMs = Math.min(1000, Math.max(50, config.cooldown_ms / 10));
  }

  override allow(): boolean {
    this.#refresh();
    if (!this.#mayProbe()) return false;
    const halfOpen = super.view().state === "half-open";
    const allowed = super.allow();
    if (allowed && halfOpen) this.#claim = "probing";
    return allowed;
  }

  override available(): boolean {
    this.#refresh();
    return this.#mayProbe() && super.available();
  }

  override view(): BreakerView {
    this.#refresh();
    const view = super.view();
    const waiting = view.state === "half-open" && (this.#claim === "taking" || this.#claim === "theirs");
    return { ...view, shared: true, ...(waiting ? { probeElsewhere: true } : {}) };
  }

  override success(): void {
    const probed = this.#claim === "probing";
    super.success();
    this.#heldByFleet = false;
    this.#claim = "none";
    // The fleet's probe answered: the nodes waiting on it close their breakers when they read this.
    if (probed) this.#track(this.#store.add(`${this.#key}:ok`, 1, this.config.cooldown_ms));
  }

  override failure(): void {
    const before = super.view().state;
    super.failure();
    if (before === "closed") {
      this.#track(this.#count(super.view().state === "open"));
      return;
    }
    // A probe failed (or a request that started before it opened): the fleet waits a cooldown too.
    this.#heldByFleet = false;
    this.#claim = "none";
    this.#track(this.#markOpen());
  }

  /** Resolves once every store call started so far has landed (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** Adds a failure to the fleet's count; `openedHere`: this node's own count already opened it. */
  async #count(openedHere: boolean): Promise<void> {
    const w = this.config.window_ms;
    const at = this.#now();
    const index = Math.floor(at / w);
    const cur = `${this.#key}:f:${index}`;
    const prev = `${this.#key}:f:${index - 1}`;
    const [n, before] = await Promise.all([this.#store.add(cur, 1, 2 * w), this.#store.get(prev)]);
    const into = (at - index * w) / w;
    if (!openedHere && n + before * (1 - into) < this.config.max_fails) return;
    if (!openedHere && super.view().state === "closed") {
      this.holdOpen();
      this.#heldByFleet = true;
    }
    if (!(await this.#markOpen())) return;
    // The node that opened it restarts the fleet's count, as a local breaker forgets its failures.
    await Promise.all([this.#store.add(cur, -n, 2 * w), this.#store.add(prev, -before, 2 * w)]);
  }

  /** Marks the breaker open for a cooldown; true when this call created the marker. */
  async #markOpen(): Promise<boolean> {
    return (await this.#store.add(`${this.#key}:open`, 1, this.config.cooldown_ms)) === 1;
  }

  /**
   * Whether a half-open breaker may be planned and probed here: only with the fleet's claim.
   * Asking for the claim is the background call; until it answers the target stays out.
   */
  #mayProbe(): boolean {
    if (super.view().state !== "half-open") return true;
    if (this.#claim === "mine" || this.#claim === "probing") return true;
    if (this.#claim === "none") this.#takeProbe();
    return false;
  }

  #takeProbe(): void {
    this.#claim = "taking";
    const claimed = this.#store.add(`${this.#key}:probe`, 1, this.config.cooldown_ms).then(
      (n) => {
        if (this.#claim === "taking") this.#claim = n === 1 ? "mine" : "theirs";
      },
      () => {
        // No store, no fleet: this node probes on its own, as it would without `shared`.
        if (this.#claim === "taking") this.#claim = "mine";
      },
    );
    this.#track(claimed);
  }

  #refresh(): void {
    const at = this.#now();
    if (this.#reading || at - this.#readAt < this.#refreshMs) return;
    this.#reading = true;
    this.#readAt = at;
    this.#track(
      this.#store
        .getMany([`${this.#key}:open`, `${this.#key}:ok`, `${this.#key}:probe`])
        .then(([open = 0, ok = 0, probe = 0]) => {
          if (open > 0) {
            this.holdOpen();
            this.#heldByFleet = super.view().state === "open";
            // A claim taken before the marker came back is for a cooldown that is over.
            if (this.#claim !== "probing") this.#claim = "none";
          } else if (this.#claim === "theirs") {
            if (ok > 0) {
              super.success();
              this.#heldByFleet = false;
              this.#claim = "none";
            } else if (probe === 0) this.#claim = "none";
          } else if (this.#heldByFleet) {
            this.#heldByFleet = false;
            this.endCooldown();
            // Ask for the probe now, so the next request need not be the one that asks.
            if (this.#claim === "none") this.#takeProbe();
          }
        })
        .finally(() => {
          this.#reading = false;
        }),
    );
  }

  #track(p: Promise<unknown>): void {
    // An unreachable store leaves the node on its own state; the next call tries again.
    const quiet = p.catch(() => undefined);
    this.#pending.add(quiet);
    void quiet.finally(() => this.#pending.delete(quiet));
  }
}
