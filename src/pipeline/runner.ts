/**
 * Runs plugin phases in the order DESIGN.md fixes, with every hook guarded. Built once per model
 * when a config is bound (`src/runtime/`): plugins are sorted there, not per request.
 */
import type { ChatRequest, ChatResponse } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import { GatewayError } from "../canonical/errors.js";
import type { UsageRecord } from "../observability/record.js";
import type { CompiledTarget } from "../runtime/serving.js";
import { type RequestContext, stateKey } from "./context.js";
import type { DeepReadonly, Plugin, Verdict } from "./plugin.js";
import { pluginFailed } from "./plugin-failed.js";
import { guardStream } from "./stream-guard.js";

export type PluginErrorReporter = (plugin: string, phase: string, err: unknown) => void;

/** The plugins whose access hook ran for this request (the unwind phases run only for those). */
const RAN = stateKey<ReadonlySet<Plugin>>("pipeline.access-ran");

export interface Rewritten {
  verdict?: Verdict;
  request: ChatRequest;
  /** True when some plugin replaced the request: the same-dialect passthrough is off. */
  changed: boolean;
}

export class Pipeline {
  readonly plugins: readonly Plugin[];
  /** True when any plugin needs typed chunks or whole responses: same-dialect passthrough is off. */
  readonly inspectsResponses: boolean;
  private readonly hasUpstream: boolean;
  private readonly hasLog: boolean;

  constructor(
    plugins: readonly Plugin[],
    private readonly report: PluginErrorReporter,
  ) {
    this.plugins = [...plugins].sort((a, b) => a.priority - b.priority);
    this.inspectsResponses = this.plugins.some((p) => p.stream || p.response);
    this.hasUpstream = this.plugins.some((p) => p.upstream);
    this.hasLog = this.plugins.some((p) => p.log);
  }

  /** Access phase (chat, embeddings, models). The first verdict ends it. */
  async access(ctx: RequestContext): Promise<Verdict> {
    const ran = new Set<Plugin>();
    ctx.state.set(RAN, ran);
    for (const p of this.plugins) {
      if (!p.access) continue;
      ran.add(p);
      const v = await this.guard(p, "access", () => p.access!(ctx));
      if (v) return v;
    }
    return undefined;
  }

  /** Rewrite phase: each plugin sees the request as the previous one left it. */
  async rewrite(ctx: RequestContext, req: ChatRequest): Promise<Rewritten> {
    let request = req;
    let changed = false;
    for (const p of this.plugins) {
      if (!p.rewrite) continue;
      const r = await this.guard(p, "rewrite", () => p.rewrite!(ctx, request as DeepReadonly<ChatRequest>));
      if (!r) continue;
      if ("request" in r) {
        // why: hooks get the request read-only and return new objects, so the cast is sound.
        request = r.request as ChatRequest;
        changed = true;
      } else return { verdict: r, request, changed };
    }
    return { request, changed };
  }

  /** Per attempt: the request for this target. The base request is never modified. */
  async upstream(
    ctx: RequestContext,
    base: ChatRequest,
    target: CompiledTarget,
  ): Promise<{ request: ChatRequest; changed: boolean }> {
    if (!this.hasUpstream) return { request: base, changed: false };
    let request = base;
    for (const p of this.plugins) {
      if (!p.upstream) continue;
      const r = await this.guard(p, "upstream", () =>
        p.upstream!(ctx, request as DeepReadonly<ChatRequest>, target),
      );
      if (r) request = r as ChatRequest;
    }
    return { request, changed: request !== base };
  }

  async response(ctx: RequestContext, res: ChatResponse): Promise<ChatResponse> {
    let out = res;
    for (const p of this.unwinding(ctx))
      if (p.response) out = (await this.guard(p, "response", () => p.response!(ctx, out))) ?? out;
    return out;
  }

  /** Wraps the chunks in each plugin's stream hook (innermost = last to run), each one guarded. */
  stream(ctx: RequestContext, chunks: AsyncIterable<ChatChunk>): AsyncIterable<ChatChunk> {
    let out = chunks;
    for (const p of this.unwinding(ctx))
      if (p.stream) out = guardStream(p, ctx, out, (err) => this.report(p.name, "stream", err));
    return out;
  }

  /** Log phase: after the client has its bytes; errors are reported, never thrown. */
  log(ctx: RequestContext, record: UsageRecord): void {
    if (!this.hasLog) return;
    for (const p of this.unwinding(ctx)) {
      if (!p.log) continue;
      try {
        const r = p.log(ctx, record);
        if (r instanceof Promise) r.catch((err: unknown) => this.report(p.name, "log", err));
      } catch (err) {
        this.report(p.name, "log", err);
      }
    }
  }

  /** Plugins whose access hook ran (or that have none), in reverse order. */
  private unwinding(ctx: RequestContext): Plugin[] {
    const ran = ctx.state.get(RAN) as ReadonlySet<Plugin> | undefined;
    return this.plugins.filter((p) => !p.access || ran?.has(p)).reverse();
  }

  private async guard<T>(p: Plugin, phase: string, fn: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      // A GatewayError is the plugin's deliberate refusal, not a failure.
      if (err instanceof GatewayError) throw err;
      this.report(p.name, phase, err);
      if (p.failMode === "open") return undefined;
      throw pluginFailed(p.name);
    }
  }
}
