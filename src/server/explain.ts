/**
 * `POST /v1/tollgate/explain`: the same auth and body as a chat request (either dialect); the
 * answer says which policy route would match and why (each route's verdict), the model that would
 * serve, each candidate target's tier, health and balancer score, and the attempt plan — without
 * calling a provider and without moving any balancer state. Only the access phase runs: rewrite
 * plugins may call services or change state, so a rewrite that would change the model is not
 * reflected here (the answer says so).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { contractFromHeaders } from "../dialects/contract.js";
import { CHAT_ROUTES } from "../dialects/registry.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import { mayUse } from "../pipeline/identity.js";
import type { Standing } from "../router/model-router.js";
import { resolveModel } from "../router/resolve.js";
import { applyRoute, explainRoutes, factsOf } from "../router/routes.js";
import { readJsonBody } from "./body.js";
import { baseHeaders, sendJson } from "./respond.js";

export const EXPLAIN_PATH = "/v1/tollgate/explain";

export async function handleExplain(
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  dialect: ChatDialect,
): Promise<void> {
  const body = await readJsonBody(req, ctx.serving.snapshot.config.server.body_limit);
  const model0 = (body as { model?: unknown } | null)?.model;
  ctx.pipeline = ctx.serving.pipelineFor(typeof model0 === "string" ? model0 : undefined);
  // As for chat: auth first, so an unauthenticated caller learns nothing about the body.
  const access = await ctx.pipeline.access(ctx);
  if (access && "refuse" in access) throw access.refuse;
  const creq = dialect.parseChat(body);
  const fromHeaders = contractFromHeaders(ctx.headers);
  ctx.contract = { ...creq.metadata, ...fromHeaders };
  ctx.model = creq.model;

  const routes = ctx.serving.snapshot.config.routes;
  // The path the same body would be sent to, for routes that match on `path`.
  const chatPath = [...CHAT_ROUTES].find(([, d]) => d === dialect)?.[0] ?? "/v1/chat/completions";
  const facts = factsOf(ctx, creq, chatPath);
  const verdicts = explainRoutes(routes, facts);
  const hit = verdicts.find((v) => v.matched && v.considered);
  const requested = ctx.serving.model(creq.model);
  if (!hit || requested) resolveModel(ctx, creq.model);
  const routed = hit ? applyRoute(routes.find((r) => r.name === hit.route)!, creq) : creq;
  const model = resolveModel(ctx, routed.model, hit !== undefined);
  const router = model.router;
  const standing = await router.standing({ request: routed, headers: ctx.headers, identity: ctx.identity });
  const tiers = [...new Set(standing.map((s) => s.tier))].sort((a, b) => a - b);

  ctx.status = 200;
  sendJson(
    res,
    200,
    {
      object: "tollgate.explain",
      requested_model: creq.model,
      may_use_requested_model: requested ? mayUse(ctx.identity, requested.name) : null,
      identity: ctx.identity
        ? {
            key: ctx.identity.key ?? null,
            consumer: ctx.identity.consumer ?? null,
            team: ctx.identity.team ?? null,
            tenant: ctx.identity.tenant ?? null,
          }
        : null,
      contract: ctx.contract,
      route: hit ? { name: hit.route, model: hit.model } : null,
      routes: verdicts,
      model: model.name,
      balancer: router.algorithm,
      retries: router.settings.retries,
      fallback_on: router.settings.fallbackOn,
      timeouts: router.settings.timeouts ?? null,
      stream_resume: router.settings.streamResume ?? false,
      targets: standing.map((s) => ({
        id: s.target.id,
        provider: s.target.provider.name,
        provider_model: s.target.target.model,
        tier: s.tier,
        weight: s.target.weight,
        health: s.check ? { ...s.breaker, check: s.check } : s.breaker,
        score: s.score,
      })),
      plan: tiers.map((tier) => ({
        tier,
        targets: standing.filter((s) => s.tier === tier && !leftOut(s)).map((s) => s.target.id),
        left_out: standing.filter((s) => s.tier === tier && leftOut(s)).map((s) => s.target.id),
      })),
      notes: [
        "Within a tier the balancer picks per request; the plan lists each tier's healthy targets in configured order.",
        "Only the access phase ran: a rewrite plugin that changes the model is not reflected.",
      ],
    },
    baseHeaders(ctx),
  );
}

/** Out of the plan: an open breaker (or a fleet's probe another node sends), or failing active health checks. */
function leftOut(s: Standing<unknown>): boolean {
  return s.breaker.state === "open" || s.breaker.probeElsewhere === true || s.checkPasses === false;
}
