/**
 * Policy routes at request time: the facts a route can test are gathered once per request
 * (the estimated prompt tokens only when some route asks for them), each route is checked in
 * order, and the first match sends the request to its model. `explainRoutes` says for every
 * route whether it matched and, when not, which condition failed.
 */
import type { ChatRequest } from "../canonical/chat.js";
import type { RequestContext } from "../pipeline/context.js";
import { estimateInputTokens } from "../usage/estimate.js";
import type { FieldCondition, Match, RouteConfig } from "./routes-config.js";

type Fact = string | number | boolean | undefined;

export interface RouteFacts {
  get(field: string): Fact;
}

/** The facts of one request, computed when first asked. */
export function factsOf(ctx: RequestContext, req: ChatRequest, path: string): RouteFacts {
  const cache = new Map<string, Fact>();
  const compute = (field: string): Fact => {
    const c = ctx.contract as Record<string, unknown>;
    switch (field) {
      case "tenant":
        return (c.tenant as string | undefined) ?? ctx.identity?.tenant;
      case "key":
        return ctx.identity?.key;
      case "consumer":
        return ctx.identity?.consumer;
      case "team":
        return ctx.identity?.team;
      case "path":
        return path;
      case "model":
        return req.model;
      case "stream":
        return req.stream;
      case "has_tools":
        return (req.tools?.length ?? 0) > 0;
      case "has_images":
        return req.messages.some((m) => m.content.some((p) => p.type === "image"));
      case "prompt_tokens":
        return estimateInputTokens(req, req.model);
      default:
        return typeof c[field] === "string" ? (c[field] as string) : undefined;
    }
  };
  return {
    get(field) {
      if (!cache.has(field)) cache.set(field, compute(field));
      return cache.get(field);
    },
  };
}

/** Why a match failed: the first condition that did not hold, or undefined when it matched. */
export function mismatch(match: Match, facts: RouteFacts): string | undefined {
  for (const [field, cond] of Object.entries(match)) {
    if (cond === undefined) continue;
    if (field === "and") {
      for (const m of cond as Match[]) {
        const why = mismatch(m, facts);
        if (why) return why;
      }
    } else if (field === "or") {
      const list = cond as Match[];
      const whys = list.map((m) => mismatch(m, facts));
      if (list.length && whys.every((w) => w !== undefined)) return `none of: ${whys.join("; ")}`;
    } else if (field === "not") {
      if (mismatch(cond as Match, facts) === undefined) return `not (${describe(cond as Match)})`;
    } else {
      const why = fieldMismatch(field, cond as FieldCondition, facts.get(field));
      if (why) return why;
    }
  }
  return undefined;
}

function fieldMismatch(field: string, cond: FieldCondition, value: Fact): string | undefined {
  const show = value === undefined ? "absent" : JSON.stringify(value);
  if (typeof cond !== "object")
    return value === cond ? undefined : `${field} is ${show}, not ${JSON.stringify(cond)}`;
  const fail = (what: string) => `${field} is ${show}, ${what}`;
  if (cond.exists !== undefined && (value !== undefined) !== cond.exists)
    return fail(cond.exists ? "expected present" : "expected absent");
  if (cond.eq !== undefined && value !== cond.eq) return fail(`not ${JSON.stringify(cond.eq)}`);
  if (cond.ne !== undefined && value === cond.ne)
    return fail(`expected anything but ${JSON.stringify(cond.ne)}`);
  if (cond.in && !cond.in.includes(value as string)) return fail(`not in ${JSON.stringify(cond.in)}`);
  if (cond.not_in?.includes(value as string)) return fail(`in ${JSON.stringify(cond.not_in)}`);
  if (cond.regex !== undefined && (typeof value !== "string" || !new RegExp(cond.regex).test(value)))
    return fail(`does not match /${cond.regex}/`);
  const n = typeof value === "number" ? value : undefined;
  if (cond.gt !== undefined && !(n !== undefined && n > cond.gt)) return fail(`not > ${cond.gt}`);
  if (cond.gte !== undefined && !(n !== undefined && n >= cond.gte)) return fail(`not >= ${cond.gte}`);
  if (cond.lt !== undefined && !(n !== undefined && n < cond.lt)) return fail(`not < ${cond.lt}`);
  if (cond.lte !== undefined && !(n !== undefined && n <= cond.lte)) return fail(`not <= ${cond.lte}`);
  return undefined;
}

function describe(m: Match): string {
  return JSON.stringify(m);
}

/** The first route that matches, if any. */
export function matchRoute(routes: readonly RouteConfig[], facts: RouteFacts): RouteConfig | undefined {
  for (const r of routes) if (mismatch(r.match, facts) === undefined) return r;
  return undefined;
}

export interface RouteVerdict {
  route: string;
  model: string;
  matched: boolean;
  /** Why it did not match. */
  because?: string;
  /** A route after the first match is not considered. */
  considered: boolean;
}

export function explainRoutes(routes: readonly RouteConfig[], facts: RouteFacts): RouteVerdict[] {
  let found = false;
  return routes.map((r) => {
    const considered = !found;
    const why = mismatch(r.match, facts);
    if (why === undefined && !found) found = true;
    return {
      route: r.name,
      model: r.model,
      matched: why === undefined,
      ...(why !== undefined ? { because: why } : {}),
      considered,
    };
  });
}

/** Applies a matched route to the request: its model, the parameters it sets, and its caps. */
export function applyRoute(route: RouteConfig, req: ChatRequest): ChatRequest {
  const out = { ...req, ...route.set, model: route.model } as ChatRequest & Record<string, unknown>;
  for (const [k, cap] of Object.entries(route.cap ?? {})) {
    const v = out[k];
    // An absent output cap becomes the cap (the answer stays bounded); other absent ones stay absent.
    if (typeof v === "number" ? v > cap : k === "max_tokens") out[k] = cap;
  }
  return out;
}
