/**
 * The limits engine: reserve, then settle. Before the first attempt, `admit` estimates the
 * request (tokenizer count of the prompt + its output cap, priced at the dearest target) and
 * reserves it against every applicable limit and budget in ONE atomic `CounterStore.reserve`
 * (all or nothing), or refuses with the limit that would be exceeded. In the log phase `settle`
 * charges what the request actually used (idempotent), frees the rest, queues the usage-ledger
 * row and sends budget alerts. A hold that is never settled lapses after `hold_ttl_ms`.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { ChatRequest } from "../canonical/chat.js";
import type { EmbeddingsRequest } from "../canonical/embeddings.js";
import { GatewayError } from "../canonical/errors.js";
import type { PriceTable } from "../observability/cost.js";
import type { UsageRecord } from "../observability/record.js";
import { getState, type RequestContext, setState, stateKey } from "../pipeline/context.js";
import type { Identity } from "../pipeline/identity.js";
import type { CompiledTarget } from "../runtime/serving.js";
import { withDeadline } from "../state/deadline.js";
import type { Storage } from "../state/storage.js";
import { type LedgerDimension, StateUnavailableError } from "../state/types.js";
import { estimateEmbeddingsTokens, estimateInputTokens } from "../usage/index.js";
import { AdminRulesCache } from "./admin-rules.js";
import { AlertSender } from "./alerts.js";
import { BudgetAnchors } from "./anchors.js";
import type { LimitsConfig } from "./config.js";
import { amountOf, type Estimate, type Held, NO_LIMIT } from "./hold.js";
import { LedgerWriter } from "./ledger.js";
import { ledgerRow } from "./ledger-row.js";
import { GovernanceMetrics } from "./metrics.js";
import { microUsd, toMicro } from "./price.js";
import { display, headerSuffix, refusal } from "./refusal.js";
import {
  type AdminRules,
  type Anchors,
  applicableRules,
  hashTag,
  type Rule,
  unanchoredBudgets,
} from "./rules.js";
import { resetText } from "./windows.js";

export { ADMIN_RULES_TTL_MS, BUDGET_KIND, LIMIT_KIND } from "./admin-rules.js";

const HOLD = stateKey<Held>("limits.hold");

export interface LimitsEngineOptions {
  storage: Storage;
  logger: Logger;
  pricing: PriceTable;
  config: LimitsConfig;
  /** The gateway's metrics registry (absent without observability). */
  registry?: Registry;
}

export class LimitsEngine {
  readonly ledger: LedgerWriter;
  readonly alerts: AlertSender;
  readonly metrics: GovernanceMetrics | undefined;
  readonly anchors: BudgetAnchors;
  readonly #admin: AdminRulesCache;
  /** Settles under way (their ledger rows are not queued yet). */
  readonly #settling = new Set<Promise<void>>();
  /** Budget counters rebuilt from the ledger in this process (memory counters only). */
  readonly #rebuilt = new Map<string, Promise<void>>();

  constructor(private readonly opts: LimitsEngineOptions) {
    const l = opts.config.ledger;
    this.ledger = new LedgerWriter(
      () => opts.storage.records(),
      { batchSize: l.batch_size, flushMs: l.flush_ms, maxQueued: l.max_queued },
      opts.logger,
    );
    this.alerts = new AlertSender(opts.logger);
    this.anchors = new BudgetAnchors(() => opts.storage.records());
    this.#admin = new AdminRulesCache(opts.storage, opts.logger);
    this.metrics = opts.registry ? new GovernanceMetrics(opts.registry) : undefined;
  }

  /**
   * Reserves the request against every rule that applies, or throws the refusal. A request
   * without an output cap gets the default one (set on the engine's own canonical request, with
   * a warning); then it returns true, and the client's bytes may not be passed through as sent.
   */
  async admit(ctx: RequestContext, creq: ChatRequest, targets: readonly CompiledTarget[]): Promise<boolean> {
    const cfg = ctx.serving.snapshot.config.limits;
    const chosen = await this.#rules(ctx, creq.model);
    if (!chosen?.rules.length) return false;
    const { rules, at } = chosen;
    if (!rules.length) return false;
    const capped = creq.max_tokens === undefined;
    if (capped) {
      creq.max_tokens = cfg.default_max_output_tokens;
      ctx.warnings.push(
        `limits: no output cap was set; used the default of ${cfg.default_max_output_tokens} tokens`,
      );
    }
    const model = targets[0]?.target.model ?? creq.model;
    const input = estimateInputTokens(creq, model);
    await this.#reserve(
      ctx,
      rules,
      at,
      this.#priced(ctx, creq.model, targets, rules, input, creq.max_tokens ?? 0),
    );
    return capped;
  }

  /**
   * The same reservation for `/v1/embeddings`: the input's tokens by tokenizer (there is no
   * output), priced at the dearest target's input price. Settled in the log phase like chat.
   */
  async admitEmbeddings(
    ctx: RequestContext,
    ereq: EmbeddingsRequest,
    targets: readonly CompiledTarget[],
  ): Promise<void> {
    const chosen = await this.#rules(ctx, ereq.model);
    if (!chosen?.rules.length) return;
    const { rules, at } = chosen;
    const input = estimateEmbeddingsTokens(ereq, targets[0]?.target.model ?? ereq.model);
    await this.#reserve(ctx, rules, at, this.#priced(ctx, ereq.model, targets, rules, input, 0));
  }

  /**
   * The rules that apply, their windows and periods chosen at one instant (`at`, also the ledger
   * row's time, so a rebuild counts the row where the counters did). Undefined when rolling
   * budgets' anchors cannot be read and the request goes on uncounted (`fail_open`).
   */
  async #rules(ctx: RequestContext, model: string): Promise<{ rules: Rule[]; at: number } | undefined> {
    const cfg = ctx.serving.snapshot.config.limits;
    const anchors = await this.#anchorsOf(ctx, cfg);
    if (!anchors) return undefined;
    const at = Date.now();
    const admin = (await this.adminRules()) ?? this.#adminUnread(ctx, cfg);
    return { rules: applicableRules(cfg, admin, ctx.identity, model, ctx.contract, at, anchors), at };
  }

  /** Holds `est` on every rule in one atomic reserve, or throws the refusal (or the store's 503). */
  async #reserve(ctx: RequestContext, rules: Rule[], now: number, est: Estimate): Promise<void> {
    const cfg = ctx.serving.snapshot.config.limits;
    const tag = hashTag(cfg, ctx.identity);
    const held: Held = { id: `${ctx.id}:${randomUUID()}`, tag, rules, at: now, counted: true };
    const byKey = new Map(rules.map((r) => [r.key, r]));
    try {
      const counters = await this.opts.storage.counters();
      if (counters.backend === "memory") await this.#rebuild(tag, rules, ctx);
      const r = await counters.reserve({
        id: held.id,
        tag,
        ttlMs: cfg.hold_ttl_ms,
        items: rules.map((rule) => ({
          key: rule.key,
          amount: amountOf(rule.metric, est),
          limit: rule.hard ? rule.limit : NO_LIMIT,
          ...(Number.isFinite(rule.span.end) ? { windowTtlMs: Math.max(1, rule.span.end - now) } : {}),
        })),
      });
      if (!r.ok) {
        const err = refusal(r.exceeded, byKey, Date.now());
        this.opts.logger.info(
          { request_id: ctx.id, code: err.code, limit: err.details?.limit },
          "request refused by a limit",
        );
        throw err;
      }
      setState(ctx, HOLD, held);
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      this.#storeDown(ctx, cfg, rules, err);
      setState(ctx, HOLD, { ...held, counted: false });
      return;
    }
    // why: the hold is taken; a failed read for the headers must not turn it into an uncounted
    // request (it would never be settled, and hold its amount until it lapsed).
    try {
      ctx.responseHeaders = { ...ctx.responseHeaders, ...(await this.#successHeaders(tag, rules, est, now)) };
    } catch (err) {
      this.opts.logger.warn(
        { request_id: ctx.id, err: (err as Error).message },
        "limits: x-ratelimit-* headers left out; the counters could not be read",
      );
    }
  }

  /** The request ended (answered, failed, or the client left): charge what it used, once. */
  settle(ctx: RequestContext, record: UsageRecord): Promise<void> {
    const p = this.#settle(ctx, record);
    // why: a settle waits on the counter store before it queues the ledger row; shutdown waits
    // for it, or a request answered just before a SIGTERM would lose its row (and its spend).
    this.#settling.add(p);
    void p.catch(() => undefined).finally(() => this.#settling.delete(p));
    return p;
  }

  async #settle(ctx: RequestContext, record: UsageRecord): Promise<void> {
    const held = getState(ctx, HOLD);
    if (!held) return;
    ctx.state.delete(HOLD);
    const usage = ctx.usage;
    const cost =
      record.cost_usd !== null
        ? toMicro(record.cost_usd)
        : usage
          ? (microUsd(this.opts.pricing, ctx.providerModel ?? ctx.model ?? "", usage) ?? 0)
          : 0;
    const actual = { input: usage?.input_tokens ?? 0, output: usage?.output_tokens ?? 0, cost };
    if (held.counted) {
      try {
        const counters = await this.opts.storage.counters();
        // A request that never reached a model used nothing: its hold is released, not charged.
        if (!usage) await counters.release(held);
        else
          await counters.settle(
            held,
            Object.fromEntries(held.rules.map((r) => [r.key, amountOf(r.metric, actual)])),
          );
      } catch (err) {
        this.opts.logger.warn(
          { request_id: ctx.id, err: (err as Error).message },
          "limits: settle failed; the hold lapses on its own",
        );
      }
    }
    if (!usage) return;
    if (ctx.serving.snapshot.config.limits.ledger.enabled)
      this.ledger.push(ledgerRow(ctx, record, cost, held.at));
    this.metrics?.settled(ctx.identity ?? {}, cost / 1e6, actual.input + actual.output);
    if (held.counted) await this.#budgetsAfter(ctx, held).catch(() => undefined);
  }

  /** Every rule that applies to `identity` (for `model`, when given) with its counter's state. */
  async explain(
    ctx: Pick<RequestContext, "serving">,
    identity: Identity,
    model = "",
    contract = {},
  ): Promise<object[]> {
    const cfg = ctx.serving.snapshot.config.limits;
    const anchors = await this.anchors.resolve(unanchoredBudgets(identity));
    const now = Date.now();
    const admin = await this.adminRules(true);
    // why: an explanation without the admin documents would look complete and be wrong.
    if (!admin) throw new StateUnavailableError("records", "the admin budgets and limits could not be read");
    const rules = applicableRules(cfg, admin, identity, model, contract, now, anchors);
    const tag = hashTag(cfg, identity);
    const counters = await this.opts.storage.counters();
    if (counters.backend === "memory") await this.#rebuild(tag, rules, { id: "explain" });
    const used = rules.length ? await counters.getMany(rules.map((r) => `{${tag}}${r.key}`)) : [];
    return rules.map((r, i) => ({
      kind: r.kind,
      scope: r.level,
      scope_id: r.scopeId,
      id: r.id,
      source: r.source,
      metric: r.metric,
      window: r.window,
      enforcement: r.hard ? "hard" : "soft",
      limit: display(r, r.limit),
      used: display(r, used[i] ?? 0),
      remaining: display(r, Math.max(0, r.limit - (used[i] ?? 0))),
      resets_at: Number.isFinite(r.span.end) ? new Date(r.span.end).toISOString() : null,
    }));
  }

  /**
   * No copy of the admin documents could be read: they may hold budgets or limits for this
   * caller, so the request follows the failure mode (closed when budgets — the default — or
   * limits fail closed): a 503 the client retries, or on uncounted by them. Logged either way.
   */
  #adminUnread(ctx: RequestContext, cfg: LimitsConfig): AdminRules {
    const f = cfg.on_store_failure;
    const closed = f.budgets === "fail_closed" || f.limits === "fail_closed";
    this.opts.logger.error(
      { request_id: ctx.id, action: closed ? "refused" : "served without admin budgets and limits" },
      "limits: the records store is unreachable and this node has no copy of the admin budgets and limits",
    );
    if (closed) {
      throw unavailable(
        "state_unavailable",
        "Tollgate cannot read the budgets and limits set through its admin API right now (its records store is unreachable); retry shortly.",
      );
    }
    return { budgets: [], limits: [] };
  }

  /** The admin API's budget and limit documents (admin-rules.ts); undefined when none could be read. */
  adminRules(force = false): Promise<AdminRules | undefined> {
    return this.#admin.get(force);
  }

  /** Drops the cached admin documents (after a change through this node's admin API). */
  invalidate(): void {
    this.#admin.invalidate();
  }

  async close(): Promise<void> {
    // The log phase (which settles) runs a tick after a response closes.
    await new Promise((r) => setImmediate(r));
    await Promise.allSettled([...this.#settling]);
    await this.ledger.flush();
  }

  /**
   * The first-use anchors of the caller's rolling budgets that name none. Undefined when the
   * records store cannot give them and the request goes on uncounted (`fail_open` budgets);
   * throws the 503 when budgets fail closed.
   */
  async #anchorsOf(ctx: RequestContext, cfg: LimitsConfig): Promise<Anchors | undefined> {
    try {
      return await this.anchors.resolve(unanchoredBudgets(ctx.identity));
    } catch (err) {
      // why: without its anchor a rolling budget has no period, so nothing can be counted.
      this.#storeDown(ctx, cfg, [{ kind: "budget", hard: true }], err);
      return undefined;
    }
  }

  /** `input` and `output` tokens with their cost at the dearest target (for a hold). */
  #priced(
    ctx: RequestContext,
    requested: string,
    targets: readonly CompiledTarget[],
    rules: Rule[],
    input: number,
    output: number,
  ): Estimate {
    let cost: number | null = null;
    // why: a fallback may land on a dearer target, so the hold covers the dearest one.
    for (const t of targets) {
      const c = microUsd(this.opts.pricing, t.target.model, { input_tokens: input, output_tokens: output });
      if (c !== null) cost = Math.max(cost ?? 0, c);
    }
    cost ??= microUsd(this.opts.pricing, requested, { input_tokens: input, output_tokens: output });
    if (cost === null && rules.some((r) => r.metric === "cost_usd")) {
      ctx.warnings.push(`limits: no price is known for model '${requested}'; budgets are not charged for it`);
    }
    return { input, output, cost: cost ?? 0 };
  }

  /**
   * Memory counters start empty in a new process: a budget's spend in its current period is
   * summed from the ledger before the first reservation against it, so a restart resets nothing.
   */
  async #rebuild(tag: string, rules: Rule[], ctx: { id: string }): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const r of rules) {
      if (r.kind !== "budget" && r.metric !== "cost_usd") continue;
      let p = this.#rebuilt.get(r.key);
      if (!p) {
        p = this.#rebuildOne(tag, r);
        this.#rebuilt.set(r.key, p);
        p.catch(() => this.#rebuilt.delete(r.key));
      }
      // why: only the wait is bounded; the rebuild stays in the map until it settles, so one
      // that answers late is not started (and added to the counter) a second time.
      waits.push(withDeadline(p, "budget spend rebuild from the ledger"));
    }
    try {
      await Promise.all(waits);
    } catch (err) {
      this.opts.logger.warn(
        { request_id: ctx.id, err: (err as Error).message },
        "limits: spend could not be rebuilt from the ledger",
      );
      throw new StateUnavailableError("ledger", (err as Error).message, { cause: err });
    }
  }

  async #rebuildOne(tag: string, r: Rule): Promise<void> {
    const store = await this.opts.storage.records();
    const [sum] = await store.sum({
      from: r.span.start,
      to: Date.now() + 1,
      where: { [r.level as LedgerDimension]: r.scopeId },
    });
    const micro = toMicro(sum?.cost_usd ?? 0);
    if (micro <= 0) return;
    const counters = await this.opts.storage.counters();
    const ttl = Number.isFinite(r.span.end) ? Math.max(1, r.span.end - Date.now()) : 100 * 365 * 86_400_000;
    await counters.add(`{${tag}}${r.key}`, micro, ttl);
  }

  #storeDown(
    ctx: RequestContext,
    cfg: LimitsConfig,
    rules: ReadonlyArray<Pick<Rule, "kind" | "hard">>,
    err: unknown,
  ): void {
    const budgets = rules.some((r) => r.kind === "budget" && r.hard);
    const closed =
      (budgets && cfg.on_store_failure.budgets === "fail_closed") ||
      (rules.some((r) => r.kind === "limit") && cfg.on_store_failure.limits === "fail_closed");
    this.opts.logger.error(
      { request_id: ctx.id, err: (err as Error).message, action: closed ? "refused" : "served uncounted" },
      "limits: the counter store is unreachable",
    );
    if (closed) {
      throw unavailable(
        "limits_unavailable",
        "Tollgate cannot check this key's limits and budgets right now (its counter store is unreachable); retry shortly.",
      );
    }
  }

  /** OpenAI-style headers for the tightest request limit and the tightest token limit. */
  async #successHeaders(
    tag: string,
    rules: Rule[],
    est: Estimate,
    now: number,
  ): Promise<Record<string, string>> {
    const shown = rules.filter((r) => r.kind === "limit" && r.metric !== "cost_usd");
    if (!shown.length) return {};
    const counters = await this.opts.storage.counters();
    const used = await counters.getMany(shown.map((r) => `{${tag}}${r.key}`));
    const tightest = new Map<string, { r: Rule; remaining: number }>();
    shown.forEach((r, i) => {
      const remaining = Math.max(0, r.limit - (used[i] ?? 0) - amountOf(r.metric, est));
      const s = headerSuffix(r.metric);
      const best = tightest.get(s);
      if (!best || remaining / r.limit < best.remaining / best.r.limit) tightest.set(s, { r, remaining });
    });
    const h: Record<string, string> = {};
    for (const [s, { r, remaining }] of tightest) {
      h[`x-ratelimit-limit-${s}`] = String(r.limit);
      h[`x-ratelimit-remaining-${s}`] = String(remaining);
      h[`x-ratelimit-reset-${s}`] = resetText(r.span.end - now);
    }
    return h;
  }

  /** After a settle: the remaining-budget gauges, and alerts for thresholds crossed. */
  async #budgetsAfter(ctx: RequestContext, held: Held): Promise<void> {
    const url = ctx.serving.snapshot.config.limits.alerts.webhook_url;
    const watched = held.rules.filter(
      (r) => r.kind === "budget" && (this.metrics || (url && r.alertAt?.length)),
    );
    if (!watched.length) return;
    const counters = await this.opts.storage.counters();
    const used = await counters.getMany(watched.map((r) => `{${held.tag}}${r.key}`));
    for (const [i, r] of watched.entries()) {
      this.metrics?.remaining(`${r.level}:${r.scopeId}/${r.id}`, Math.max(0, r.limit - (used[i] ?? 0)) / 1e6);
      if (!url) continue;
      for (const at of r.alertAt ?? []) {
        if ((used[i] ?? 0) < at * r.limit) continue;
        const ttl = Number.isFinite(r.span.end)
          ? Math.max(1, r.span.end - Date.now())
          : 100 * 365 * 86_400_000;
        // why: the first node to cross a threshold in a period gets 1 back; every other add is a no-op alert.
        if ((await counters.add(`{${held.tag}}alert:${r.key}:${at}`, 1, ttl)) !== 1) continue;
        this.alerts.send(url, ctx.serving.snapshot.config.limits.alerts.timeout_ms, {
          type: "budget.threshold",
          threshold: at,
          scope: r.level,
          scope_id: r.scopeId,
          budget: r.id,
          period: r.window,
          limit_usd: r.limit / 1e6,
          used_usd: (used[i] ?? 0) / 1e6,
          period_start: new Date(r.span.start).toISOString(),
          resets_at: Number.isFinite(r.span.end) ? new Date(r.span.end).toISOString() : null,
          enforcement: r.hard ? "hard" : "soft",
        });
      }
    }
  }
}

/** A store the limits depend on cannot answer and they fail closed: a 503 the client retries. */
function unavailable(code: string, message: string): GatewayError {
  return new GatewayError({ status: 503, kind: "overloaded", code, message, retryAfter: "1" });
}
