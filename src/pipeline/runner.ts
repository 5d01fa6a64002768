/**
 * Runs plugin phases in the order DESIGN.md fixes. Built once per config snapshot: plugins are
 * sorted here, not per request.
 */
import type { ChatRequest, ChatResponse } from "../canonical/chat.js";
import type { ChatChunk } from "../canonical/chunk.js";
import { GatewayError } from "../canonical/errors.js";
import type { CompiledTarget } from "../config/compile.js";
import type { RequestContext } from "./context.js";
import type { Plugin, Verdict } from "./plugin.js";

const RAN = "pipeline.access-ran";

export class Pipeline {
  private readonly plugins: Plugin[];
  /** True when any plugin needs typed chunks or whole responses: same-dialect passthrough is off. */
  readonly inspectsResponses: boolean;

  constructor(
    plugins: Plugin[],
    private readonly onPluginError: (plugin: string, err: unknown) => void,
  ) {
    this.plugins = [...plugins].sort((a, b) => a.priority - b.priority);
    this.inspectsResponses = this.plugins.some((p) => p.stream || p.response);
  }

  /** Access phase for every request (chat, embeddings, models). */
  async access(ctx: RequestContext): Promise<Verdict> {
    const ran: Plugin[] = [];
    ctx.state.set(RAN, ran);
    for (const p of this.plugins) {
      if (!p.access) continue;
      ran.push(p);
      const v = await this.guard(p, () => p.access!(ctx));
      if (v) return v;
    }
    return undefined;
  }

  async rewrite(ctx: RequestContext, req: ChatRequest): Promise<Verdict> {
    for (const p of this.plugins) {
      if (!p.rewrite) continue;
      const v = await this.guard(p, () => p.rewrite!(ctx, req));
      if (v) return v;
    }
    return undefined;
  }

  async upstream(ctx: RequestContext, req: ChatRequest, target: CompiledTarget): Promise<void> {
    for (const p of this.plugins) if (p.upstream) await this.guard(p, () => p.upstream!(ctx, req, target));
  }

  async response(ctx: RequestContext, res: ChatResponse): Promise<ChatResponse> {
    let out = res;
    for (const p of this.unwinding(ctx))
      if (p.response) out = (await this.guard(p, () => p.response!(ctx, out))) ?? out;
    return out;
  }

  stream(ctx: RequestContext, chunks: AsyncIterable<ChatChunk>): AsyncIterable<ChatChunk> {
    let out = chunks;
    for (const p of this.unwinding(ctx)) if (p.stream) out = p.stream(ctx, out);
    return out;
  }

  /** Log phase: after the client has its bytes; errors are reported, never thrown. */
  log(ctx: RequestContext): void {
    for (const p of this.unwinding(ctx)) {
      if (!p.log) continue;
      try {
        const r = p.log(ctx);
        if (r instanceof Promise) r.catch((err: unknown) => this.onPluginError(p.name, err));
      } catch (err) {
        this.onPluginError(p.name, err);
      }
    }
  }

  /** Plugins whose access hook ran (or that have none), in reverse order. */
  private unwinding(ctx: RequestContext): Plugin[] {
    const ran = (ctx.state.get(RAN) as Plugin[] | undefined) ?? [];
    return this.plugins.filter((p) => !p.access || ran.includes(p)).reverse();
  }

  private async guard<T>(p: Plugin, fn: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      this.onPluginError(p.name, err);
      if (p.failMode === "open") return undefined;
      throw new GatewayError({
        status: 500,
        kind: "internal",
        code: "plugin_failed",
        message: `Policy '${p.name}' failed; the request was refused (the policy fails closed).`,
      });
    }
  }
}
