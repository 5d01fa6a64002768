/**
 * Model resolution: the client's model name → the configured model and its targets, honouring the
 * key's model allow-list. Unknown models get a 404 that lists what this key may use.
 */
import { GatewayError } from "../canonical/errors.js";
import type { CompiledModel } from "../config/compile.js";
import type { RequestContext } from "../pipeline/context.js";

export function visibleModels(ctx: RequestContext): CompiledModel[] {
  const all = [...ctx.snapshot.models.values()];
  return ctx.keyModels ? all.filter((m) => ctx.keyModels!.has(m.name)) : all;
}

export function resolveModel(ctx: RequestContext, name: string): CompiledModel {
  const model = ctx.snapshot.models.get(name);
  if (model && (!ctx.keyModels || ctx.keyModels.has(name))) return model;
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
