/**
 * The Responses API's conversation state in the chat order (`ChatHooks`): before rewrite, a
 * `previous_response_id` and `item_reference` items are replaced by what the caller's store
 * holds; after the response, it is stored when the request said `store` (the API's default).
 */
import type { ChatRequest, ChatResponse } from "../../canonical/chat.js";
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
      if (!store) return { body, creq };
      const found = await guarded(() =>
        store.getMany([...(refs.previous ? [refs.previous] : []), ...refs.items]),
      );
      const expanded = expandBody(raw, found);
      const next = dialect.parseChat(expanded.body);
      const e = responsesExtra(next);
      e.previous_response_id = refs.previous ?? null;
      e.previous_resolved = expanded.resolvedPrevious;
      setState(ctx, INPUT, inputItems(expanded.body));
      return { body: expanded.body, creq: next };
    },
    keeps: (creq) => responsesExtra(creq).store,
    async completed(ctx, creq, res) {
      await store(gw, ctx, creq, res);
    },
  };
}

async function store(gw: GatewayState, ctx: RequestContext, creq: ChatRequest, res: ChatResponse) {
  try {
    const s = await responseStoreFor(gw, ctx);
    const response = renderResponsesObject(res, creq);
    await s?.put(responsesExtra(creq).id, { response, input: getState(ctx, INPUT) ?? [] });
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
