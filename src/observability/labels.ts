/**
 * Bounded label values: a label takes only values from an allow-list, or (without one) the
 * first `max` distinct values seen; anything else becomes "other". Keeps Prometheus series
 * bounded by construction, whatever a client sends.
 */

/** Longest label value kept; longer values become "other". */
const MAX_VALUE_LENGTH = 128;

export class BoundedLabel {
  private allowed: ReadonlySet<string> | null = null;
  private readonly seen = new Set<string>();

  /**
   * @param max distinct values admitted first-come when there is no allow-list (0: none).
   * @param allowed the allow-list; when set, only these values pass.
   */
  constructor(
    private readonly max: number,
    allowed?: Iterable<string>,
  ) {
    if (allowed) this.allow(allowed);
  }

  /** Replaces the allow-list (e.g. on config reload); null returns to first-come admission. */
  allow(values: Iterable<string> | null): void {
    this.allowed = values ? new Set(values) : null;
  }

  /** The label value to use for `raw`: itself, "none" when absent, or "other". */
  value(raw: string | null | undefined): string {
    if (raw === null || raw === undefined || raw === "") return "none";
    if (this.allowed) return this.allowed.has(raw) ? raw : "other";
    if (this.seen.has(raw)) return raw;
    if (this.seen.size < this.max && raw.length <= MAX_VALUE_LENGTH) {
      this.seen.add(raw);
      return raw;
    }
    return "other";
  }
}

/** Names from the compiled config that label values may take. */
export interface KnownLabels {
  /** Model names clients may request (aliases). Anything else is labelled "other". */
  models?: Iterable<string>;
  /** Provider (config) names. Without a list, the first 100 distinct names are admitted. */
  providers?: Iterable<string>;
  /** Route names. Without a list, the first 100 distinct names are admitted. */
  routes?: Iterable<string>;
  /** Tenant names. Without a list, the first 200 distinct tenants are admitted. */
  tenants?: Iterable<string>;
  /** Circuit-breaker target names. Without a list, the first 200 are admitted. */
  targets?: Iterable<string>;
}

/** The HTTP status class label: `2xx`…`5xx`, else `other`. */
export function statusClass(status: number): string {
  switch (Math.floor(status / 100)) {
    case 1:
      return "1xx";
    case 2:
      return "2xx";
    case 3:
      return "3xx";
    case 4:
      return "4xx";
    case 5:
      return "5xx";
    default:
      return "other";
  }
}
