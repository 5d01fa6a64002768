/**
 * `GET /v1/models` and `GET /v1/models/{id}`: the models this caller may use, in the client's
 * shape — OpenAI's list and model objects, or Anthropic's (`type: model`, `display_name`,
 * `created_at`, with `has_more`/`first_id`/`last_id` paging fields) for Anthropic clients.
 * A model the caller may not use is a 404 exactly like one that does not exist.
 */
import type { ServerResponse } from "node:http";
import { GatewayError } from "../canonical/errors.js";
import type { ChatDialect } from "../dialects/types.js";
import type { RequestContext } from "../pipeline/context.js";
import { resolveModel, visibleModels } from "../router/resolve.js";
import type { GatewayState } from "./gateway-state.js";
import { observeStart } from "./observe.js";
import { baseHeaders, sendJson } from "./respond.js";

export async function handleModels(
  gw: GatewayState,
  ctx: RequestContext,
  res: ServerResponse,
  dialect: ChatDialect,
  id?: string,
): Promise<void> {
  observeStart(gw, ctx);
  const denied = await ctx.pipeline.access(ctx);
  if (denied && "refuse" in denied) throw denied.refuse;
  if (denied) throw notServedHere();
  const loadedAt = ctx.serving.snapshot.loadedAt;
  const clientDialect = dialect.name;
  const render: (id: string) => object =
    clientDialect === "anthropic" ? anthropicModel(loadedAt) : openaiModel(loadedAt);
  ctx.status = 200;
  if (id !== undefined) {
    ctx.model = id;
    sendJson(res, 200, render(resolveModel(ctx, id).name), baseHeaders(ctx));
    return;
  }
  const names = visibleModels(ctx).map((m) => m.name);
  const body =
    clientDialect === "anthropic"
      ? {
          data: names.map((n) => render(n)),
          has_more: false,
          first_id: names[0] ?? null,
          last_id: names.at(-1) ?? null,
        }
      : { object: "list", data: names.map((n) => render(n)) };
  sendJson(res, 200, body, baseHeaders(ctx));
}

const openaiModel = (loadedAt: Date) => {
  const created = Math.floor(loadedAt.getTime() / 1000);
  return (id: string) => ({ id, object: "model", created, owned_by: "tollgate" });
};

const anthropicModel = (loadedAt: Date) => {
  const created_at = loadedAt.toISOString();
  return (id: string) => ({ type: "model", id, display_name: id, created_at });
};

/** An access plugin answered with a chat response, which a model-list client cannot use. */
function notServedHere(): GatewayError {
  return new GatewayError({
    status: 500,
    kind: "internal",
    code: "plugin_answer_unsupported",
    message: "A policy answered the model-list request with a chat response.",
  });
}
