/**
 * Caps a chat request's output tokens (`max_tokens` / `max_completion_tokens` in the OpenAI
 * dialect, `max_tokens` in Anthropic's): a larger ask is lowered to `max`, a missing one gets
 * `default` when set. Each change is a warning in `x-tollgate-warning`. Rewrite phase: the request
 * is replaced, so same-dialect passthrough is off for requests it changed (and only those).
 */
import type { Plugin, PluginDefinition } from "../../pipeline/plugin.js";
import { type MaxTokensConfig, maxTokensConfigSchema } from "./config.js";

function create(config: MaxTokensConfig): Plugin {
  return {
    name: "max-tokens",
    priority: 500,
    failMode: "closed",
    rewrite(ctx, req) {
      const asked = req.max_tokens;
      let next: number | undefined;
      if (asked === undefined) next = config.default;
      else if (asked > config.max) next = config.max;
      if (next === undefined) return undefined;
      ctx.warnings.push(
        asked === undefined
          ? `max-tokens: no output cap was set; used the default of ${next}`
          : `max-tokens: output cap lowered from ${asked} to ${next}`,
      );
      return { request: { ...req, max_tokens: next } };
    },
  };
}

export const maxTokensPlugin: PluginDefinition<MaxTokensConfig> = {
  name: "max-tokens",
  configSchema: maxTokensConfigSchema,
  create,
};
