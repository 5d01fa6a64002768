/**
 * `GET /v1/responses/{id}`, `GET /v1/responses/{id}/input_items` and `DELETE /v1/responses/{id}`
 * (https://platform.openai.com/docs/api-reference/responses/get): the caller's stored responses.
 * Another key's response is a 404 exactly like one that does not exist.
 */
import type { ServerResponse } from "node:http";
import { GatewayError } from "../../canonical/errors.js";
import type { RequestContext } from "../../pipeline/context.js";
import type { GatewayState } from "../gateway-state.js";
import { baseHeaders, sendJson } from "../respond.js";
import { guarded } from "./hooks.js";
import { responseStoreFor } from "./store.js";

export const STORED_RESPONSE_PATH = /^\/v1\/responses\/([\w-]{1,128})(\/input_items)?$/;

export async function handleStoredResponse(
  gw: GatewayState,
  ctx: RequestContext,
  res: ServerResponse,
  method: string,
  path: string,
): Promise<void> {
  const m = STORED_RESPONSE_PATH.exec(path);
  const id = m?.[1] as string;
  const denied = await ctx.pipeline.access(ctx);
  if (denied && "refuse" in denied) throw denied.refuse;
  const store = await guarded(() => responseStoreFor(gw, ctx));
  if (method === "DELETE" && !m?.[2]) {
    if (!(await guarded(async () => (await store?.delete(id)) ?? false))) throw notFound(id);
    return done(ctx, res, { id, object: "response", deleted: true });
  }
  const doc = await guarded(async () => store?.get(id));
  if (!doc) throw notFound(id);
  if (!m?.[2]) return done(ctx, res, doc.response);
  // Newest first, as the API lists input items by default.
  const data = [...doc.input].reverse();
  const ids = data.map((i) => (i as { id?: string }).id ?? null);
  done(ctx, res, {
    object: "list",
    data,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
    has_more: false,
  });
}

function done(ctx: RequestContext, res: ServerResponse, body: unknown): void {
  ctx.status = 200;
  sendJson(res, 200, body, baseHeaders(ctx));
}

function notFound(id: string): GatewayError {
  return new GatewayError({
    status: 404,
    kind: "not_found",
    code: "response_not_found",
    param: "response_id",
    message: `No response with id '${id}' is stored for this key (responses are kept for responses.retention_days, and only when sent with store).`,
  });
}
