/**
 * Embeddings for the gateway's own use (the semantic balancer; later caching and guards): one of
 * the configured embeddings models, called like a client would, target by target until one
 * answers. No client request, record or plugin is involved; failures throw, and the caller
 * decides what a missing embedding means.
 */
import { GatewayError } from "../canonical/errors.js";
import type { EmbedTexts } from "../embedders/gateway.js";
import type { GatewayState } from "./gateway-state.js";

export function internalEmbedder(gw: GatewayState, modelName: string): EmbedTexts {
  return async (texts) => {
    const model = gw.serving.model(modelName);
    if (!model) throw new Error(`embeddings model '${modelName}' is not configured`);
    let last: unknown;
    for (const target of model.targets) {
      const codec = target.provider.embeddings;
      if (!codec) continue;
      const cc = { target: target.target, onUnsupported: "drop" as const, warn: () => undefined };
      try {
        const upReq = await codec.encode({ model: target.target.model, input: [...texts] }, cc);
        const res = await gw.upstream.send(
          target.provider.name,
          upReq,
          target.timeouts,
          AbortSignal.timeout(30_000),
        );
        const text = await res.body.text();
        if (res.status >= 400) throw target.provider.decodeError(res.status, res.headers, target.scrub(text));
        const out = codec.decode(JSON.parse(text), cc);
        return out.data.map((d) => d.embedding as number[]);
      } catch (err) {
        last = err;
      }
    }
    throw (
      last ??
      new GatewayError({
        status: 500,
        kind: "internal",
        code: "no_embeddings_target",
        message: `model '${modelName}' has no embeddings target`,
      })
    );
  };
}
