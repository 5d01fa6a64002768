/**
 * Governance metrics on the gateway's registry: spend and tokens by key, team and tenant, and the
 * remaining amount of each budget. Labels are bounded first-come sets (src/observability/labels.ts):
 * past the cap a value is counted as `other`, so a fleet of keys cannot blow up the series count.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import { BoundedLabel } from "../observability/labels.js";

const MAX_ENTITIES = 500;
const MAX_BUDGETS = 500;

export class GovernanceMetrics {
  readonly #key = new BoundedLabel(MAX_ENTITIES);
  readonly #team = new BoundedLabel(MAX_ENTITIES);
  readonly #tenant = new BoundedLabel(MAX_ENTITIES);
  readonly #budget = new BoundedLabel(MAX_BUDGETS);
  readonly #spend: Counter;
  readonly #tokens: Counter;
  readonly #remaining: Gauge;

  constructor(registry: Registry) {
    const labelNames = ["key", "team", "tenant"];
    this.#spend = new Counter({
      name: "tollgate_spend_usd_total",
      help: "Settled spend in USD.",
      labelNames,
      registers: [registry],
    });
    this.#tokens = new Counter({
      name: "tollgate_governed_tokens_total",
      help: "Settled tokens (input + output).",
      labelNames,
      registers: [registry],
    });
    this.#remaining = new Gauge({
      name: "tollgate_budget_remaining_usd",
      help: "What is left of a budget in its current period, as this node last saw it.",
      labelNames: ["budget"],
      registers: [registry],
    });
  }

  settled(who: { key?: string; team?: string; tenant?: string }, usd: number, tokens: number): void {
    const labels = {
      key: this.#key.value(who.key),
      team: this.#team.value(who.team),
      tenant: this.#tenant.value(who.tenant),
    };
    if (usd > 0) this.#spend.inc(labels, usd);
    if (tokens > 0) this.#tokens.inc(labels, tokens);
  }

  /** `budget` names it as `level:id/budget-id`. */
  remaining(budget: string, usd: number): void {
    this.#remaining.set({ budget: this.#budget.value(budget) }, usd);
  }
}
