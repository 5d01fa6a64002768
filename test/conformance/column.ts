/**
 * What a conformance column is: one provider (or one model family of a provider) as the suite runs
 * it, declared by the emulator folder that serves it (`test/emulators/<type>/conformance.ts`) and
 * collected by `test/emulators/conformance.ts`. Each knows its config (pointed at the emulators),
 * its credential-failure variant, where its wire format puts the system prompt, which usage fields
 * the provider's API reports at all, and which cases it cannot serve and why.
 */
import type { Dialect } from "./cases.js";

/** Base URLs of the shared emulator (every provider) and of the "local" one (its own port). */
export interface Endpoints {
  all: string;
  local: string;
}

export type Json = Record<string, unknown>;

/**
 * A case the provider cannot serve, with its reason. With `param`, the provider is asked and must
 * refuse with 400 `unsupported_parameter` naming that parameter (and, configured with
 * `on_unsupported: drop`, answer with an `x-tollgate-warning`); without it the case does not apply
 * (the provider's API has nothing to report or nothing to translate) and is only skipped.
 */
export interface Unsupported {
  case: string;
  reason: string;
  /** The parameter the 400 names; absent when the case does not apply at all. */
  param?: string;
  /** Only for this client dialect (both when absent). */
  dialect?: Dialect;
}

export interface ConformanceTarget {
  /** Matrix column, and the prefix of its config names. */
  id: string;
  /** The provider's config section; `bad` gives credentials the emulator refuses. */
  provider(e: Endpoints, bad: boolean): Json;
  /** The model target's fields besides `provider`. */
  target: Json;
  /** The part of the upstream body where the system prompt belongs in this provider's format. */
  systemPlace(body: Json): unknown;
  /** Usage fields the provider's API reports (the others cannot be checked, only absent). */
  reports: { cachedRead: boolean; cacheWrite: boolean; reasoning: boolean };
  /** The provider streams each tool call whole, in one delta (so no many-delta check). */
  wholeToolCalls?: boolean;
  /** The cases it cannot serve (none when absent). */
  unsupported?: Unsupported[];
}

/** The credential: the good one, or one the emulator refuses. */
export const key = (bad: boolean, good: string): string => (bad ? "invalid" : good);

/** The system prompt's place in formats that keep it as the first message (OpenAI's, Cohere's). */
export const firstMessage = (b: Json): unknown => (b.messages as Json[] | undefined)?.[0];

/** The exception of every provider whose usage has no reasoning-token field. */
export const NO_REASONING_COUNT: Unsupported = {
  case: "reasoning-usage",
  reason: "The provider reports no reasoning-token count (thinking is part of its output count)",
};
