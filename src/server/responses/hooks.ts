/**
 * The Responses API's conversation state in the chat order (`ChatHooks`): before rewrite, a
 * `previous_response_id` and `item_reference` items are replaced by what the caller's store
 * holds; after the response, it is stored when the request said `store` (the API's default).
 */
import { GatewayError } from "../../canonical/errors.js";
import { expandBody, inputItems, referencedResponses } from "../../dialects/responses/conversation.js";
import { renderResponsesObject, responsesExtra } from "../../dialects/responses/index.js";
import type { ChatDialect } from "../../dialects/types.js";
import { getState, type RequestContext, setState, stateKey } from "../../pipeline/context.js";
import { StateUnavailableError } from "../../state/types.js";
import type { ChatHooks } from "../chat.js";
import type { GatewayState } from "../gateway-state.js";
import { responseStoreFor } from "./store.js";

/** The input items the stored response will keep (the whole transcript so far). */
const INPUT = stateKey<unknown[]>("responses.input");

export function responsesHooks(gw: GatewayState, dialect: ChatDialect): ChatHooks {
  return {
    async prepare(ctx, body, creq) {
      const raw = body as Record<string, unknown>;
      setState(ctx, INPUT, inputItems(raw));
      const refs = referencedResponses(raw);
      if (!refs.previous && refs.items.length === 0) return { body, creq };
      const store = await guarded(() => responseStoreFor(gw, ctx));
      const owners = await guarded(() => store.owners(refs.items));
      const wanted = new Set([...(refs.previous ? [refs.previous] : []), ...owners.values()]);
      const found = await guarded(() => store.getMany([...wanted]));
      const expanded = expandBody(raw, found, owners);
      // why: not found for this key means not found, even where the target is OpenAI itself:
      // the gateway's one OpenAI key would otherwise let any caller continue anyone's response.
      if (refs.previous && !expanded.resolvedPrevious) throw previousNotFound(refs.previous);
      if (expanded.unresolved[0]) throw itemNotFound(expanded.unresolved[0]);
      const next = dialect.parseChat(expanded.body);
      const e = responsesExtra(next);
      e.previous_response_id = refs.previous ?? null;
      e.previous_resolved = expanded.resolvedPrevious;
      setState(ctx, INPUT, inputItems(expanded.body));
      return { body: expanded.body, creq: next };
    },
    keeps: (creq) => responsesExtra(creq).store,
    completed: (ctx, creq, res) => keep(gw, ctx, () => renderResponsesObject(res, creq)),
    completedRaw: (ctx, _creq, body) => keep(gw, ctx, () => JSON.parse(body) as Record<string, unknown>),
    keeper(ctx) {
      let last: string | undefined;
      return {
        // The closing event carries the whole response object (`response.completed`/`.incomplete`).
        event: (ev) => {
          if (ev.event === "response.completed" || ev.event === "response.incomplete") last = ev.data;
        },
        done: () =>
          last === undefined
            ? Promise.resolve()
            : keep(
                gw,
                ctx,
                () => (JSON.parse(last as string) as { response: Record<string, unknown> }).response,
              ),
      };
    },
  };
}

/**
 * Stores the response object under its own id: Tollgate's for a translated answer, the provider's
 * for a passthrough one (so its successor's `previous_response_id` is found here too).
 */
async function keep(gw: GatewayState, ctx: RequestContext, response: () => Record<string, unknown>) {
  try {
    const s = await responseStoreFor(gw, ctx);
    const r = response();
    if (typeof r.id !== "string") return;
    await s.put(r.id, { response: r, input: getState(ctx, INPUT) ?? [] });
  } catch (err) {
    // why: the client still gets its answer; it only cannot continue from it or read it back.
    gw.logger.warn({ request_id: ctx.id, err: String(err) }, "storing the response failed");
    ctx.warnings.push("responses.store: the response could not be stored");
  }
}

/** A store that cannot be reached is a 503 the client may retry, never a 500. */
export async function guarded<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (!(err instanceof StateUnavailableError)) throw err;
    throw new GatewayError({
      status: 503,
      kind: "overloaded",
      code: "state_unavailable",
      message: "Tollgate's record store is unavailable, so stored responses cannot be read; retry shortly.",
    });
  }
}

function previousNotFound(id: string): GatewayError {
  return new GatewayError({
    status: 404,
    kind: "not_found",
    code: "previous_response_not_found",
    param: "previous_response_id",
    message: `Previous response with id '${id}' not found (responses are stored per key, for responses.retention_days).`,
  });
}

function itemNotFound(id: string): GatewayError {
  return new GatewayError({
    status: 404,
    kind: "not_found",
    code: "item_not_found",
    param: "input",
    message: `Item with id '${id}' not found (items are found in the responses stored for this key).`,
  });
}
