/**
 * A sliding usage window from two fixed windows (the current one and the one before): the
 * estimate is `current + previous × the share of the previous window still inside the slide`.
 * Windows are aligned to the wall clock (`floor(now / window)`), so every node of a fleet counts
 * into the same window keys.
 */
export class UsageWindow {
  #index = 0;
  #cur = 0;
  #prev = 0;

  constructor(private readonly windowMs: number) {}

  /** The window number for `now`. */
  indexAt(now: number): number {
    return Math.floor(now / this.windowMs);
  }

  add(amount: number, now: number): void {
    this.#roll(now);
    this.#cur += amount;
  }

  /** Replaces both windows' counts (a fleet-wide read), for window `index`. */
  set(index: number, cur: number, prev: number): void {
    this.#index = index;
    this.#cur = cur;
    this.#prev = prev;
  }

  value(now: number): number {
    this.#roll(now);
    const into = (now - this.#index * this.windowMs) / this.windowMs;
    return this.#cur + this.#prev * (1 - into);
  }

  #roll(now: number): void {
    const i = this.indexAt(now);
    if (i === this.#index) return;
    this.#prev = i === this.#index + 1 ? this.#cur : 0;
    this.#cur = 0;
    this.#index = i;
  }
}
