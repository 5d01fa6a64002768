/**
 * The probe of active health checks: a one-token chat ("ping", `max_tokens: 1`, not streamed)
 * sent to the target through its own provider codec, so every provider gets its own wire format,
 * auth (SigV4, OAuth) and the target's exact model or deployment. A models list would be cheaper
 * but says less: not every API has one (Bedrock's runtime endpoint has none), and where one
 * exists it does not show that this deployment or model answers. The probe costs one or two
 * tokens a time; it is left out of usage records, metrics and balancer state.
 *
 * A target is failing when the probe cannot connect, times out, gets a 5xx, 429, 408, 401, 403
 * or 404 as the provider's error decoder reads it (the target cannot serve anyone), or an answer
 * the codec cannot decode. Any other 4xx is a live server refusing the probe itself (a model
 * that wants more than one output token), so the target counts as serving.
 */
import type { ChatRequest } from "../canonical/chat.js";
import type { CodecContext } from "../providers/types.js";
import type { HealthProbe } from "../router/health-check.js";
import type { CompiledTarget } from "../runtime/serving.js";
import type { GatewayState } from "./gateway-state.js";
import { ERROR_BODY_LIMIT, malformedResponse, readCapped } from "./upstream-call.js";

/** Statuses that say the target cannot serve requests now. */
const FAILING = new Set([401, 403, 404, 408, 429]);

/** The probe for `gw()`'s upstream pools (the state exists once the gateway is built). */
export function healthProbe(gw: () => GatewayState | undefined): HealthProbe<CompiledTarget> {
  return async (target, signal) => {
    const state = gw();
    if (!state) throw new Error("the gateway is not started yet");
    const ctx: CodecContext = { target: target.target, onUnsupported: "drop", warn: () => undefined };
    const req: ChatRequest = {
      model: target.target.model,
      messages: [{ role: "user", content: [{ type: "text", text: "ping" }] }],
      max_tokens: 1,
      stream: false,
    };
    try {
      const upReq = await target.provider.chat.encode(req, ctx);
      const res = await state.upstream.send(target.provider.name, upReq, target.timeouts, signal);
      const text = target.scrub(await readCapped(res.body, ERROR_BODY_LIMIT));
      if (res.status >= 400) {
        // The provider's decoded status, not the wire one: Gemini answers a bad key with a 400.
        const err = target.provider.decodeError(res.status, res.headers, text);
        if (err.status >= 500 || FAILING.has(err.status)) throw err;
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw malformedResponse(target.provider.name);
      }
      target.provider.chat.decode(body, ctx);
    } catch (err) {
      // why: the abort is the check's own timeout, not a client leaving ("client closed request").
      if (signal.aborted) throw new Error("no answer within health_check.timeout_ms");
      throw err;
    }
  };
}
