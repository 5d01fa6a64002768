/** `GET /v1/models`: the models this key may use, in OpenAI's list shape. */
import type { ServerResponse } from "node:http";
import { GatewayError } from "../canonical/errors.js";
import type { RequestContext } from "../pipeline/context.js";
import { visibleModels } from "../router/resolve.js";
import type { GatewayState } from "./gateway-state.js";
import { observeStart } from "./observe.js";
import { baseHeaders, sendJson } from "./respond.js";

export async function handleModels(
  gw: GatewayState,
  ctx: RequestContext,
  res: ServerResponse,
): Promise<void> {
  observeStart(gw, ctx);
  const denied = await ctx.pipeline.access(ctx);
  if (denied && "refuse" in denied) throw denied.refuse;
  if (denied) throw notServedHere();
  const created = Math.floor(ctx.serving.snapshot.loadedAt.getTime() / 1000);
  const data = visibleModels(ctx).map((m) => ({
    id: m.name,
    object: "model",
    created,
    owned_by: "tollgate",
  }));
  ctx.status = 200;
  sendJson(res, 200, { object: "list", data }, baseHeaders(ctx));
}

/** An access plugin answered with a chat response, which a model-list client cannot use. */
function notServedHere(): GatewayError {
  return new GatewayError({
    status: 500,
    kind: "internal",
    code: "plugin_answer_unsupported",
    message: "A policy answered the model-list request with a chat response.",
  });
}
