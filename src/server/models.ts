/** `GET /v1/models`: the models this key may use, in OpenAI's list shape. */
import type { ServerResponse } from "node:http";
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
  const denied = await gw.pipeline.access(ctx);
  if (denied && "refuse" in denied) throw denied.refuse;
  const created = Math.floor(ctx.snapshot.loadedAt.getTime() / 1000);
  const data = visibleModels(ctx).map((m) => ({
    id: m.name,
    object: "model",
    created,
    owned_by: "tollgate",
  }));
  ctx.status = 200;
  sendJson(res, 200, { object: "list", data }, baseHeaders(ctx));
}
