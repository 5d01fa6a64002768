/**
 * Model resolution: the client's model name → the configured model and its targets, honouring the
 * caller's identity (which models it may use). Unknown models get a 404 that lists what this
 * caller may use.
 */
import { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import { mayUse } from "../pipeline/identity.js";
import type { BoundModel } from "../runtime/serving.js";

export function visibleModels(ctx: RequestContext): BoundModel[] {
  return [...ctx.serving.models.values()].filter((m) => mayUse(ctx.identity, m.name));
}

export function resolveModel(ctx: RequestContext, name: string): BoundModel {
  const model = ctx.serving.model(name);
  if (model && mayUse(ctx.identity, model.name)) return model;
  const known = visibleModels(ctx).map((m) => m.name);
  const list = known.length ? known.join(", ") : "none are configured";
  throw new GatewayError({
    status: 404,
    kind: "not_found",
    code: "model_not_found",
    param: "model",
    message: `The model '${name}' does not exist or this key may not use it. Available models: ${list}.`,
  });
}
