/** What one request holds against its rules between reserve and settle, and how much. */
import type { LimitMetric } from "./policy.js";
import type { Rule } from "./rules.js";

export interface Held {
  id: string;
  tag: string;
  rules: Rule[];
  /** The instant the rules' windows and periods were chosen (the ledger row's timestamp). */
  at: number;
  /** False when the store was down and the request went on uncounted (fail_open). */
  counted: boolean;
}

export interface Estimate {
  input: number;
  output: number;
  cost: number;
}

/** The amount for "no limit": soft rules count without ever refusing. */
export const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** A request's amount in a rule's metric. */
export function amountOf(metric: LimitMetric, t: { input: number; output: number; cost: number }): number {
  switch (metric) {
    case "requests":
      return 1;
    case "prompt_tokens":
      return t.input;
    case "completion_tokens":
      return t.output;
    case "total_tokens":
      return t.input + t.output;
    case "cost_usd":
      return t.cost;
  }
}
