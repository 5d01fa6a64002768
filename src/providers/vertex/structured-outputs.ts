/**
 * Claude's structured outputs on Vertex AI (`output_config.format` and strict tools,
 * `tools[].strict`) are off unless the project's administrator enables them
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/structured-outputs,
 * "Control access to structured outputs"); until then Vertex answers 400. So they are sent only
 * to targets that say `structured_outputs: true`, and refused (or dropped under
 * `on_unsupported: drop`) otherwise, with a message that names the setting.
 */
import { unsupported } from "../anthropic/unsupported.js";
import type { CodecContext } from "../types.js";

const WHY =
  "structured outputs are disabled on Vertex AI by default; once your project enables them, set `structured_outputs: true` on this target";

/** Removes (after refusing or warning) what a target without structured outputs cannot take. */
export function guardStructuredOutputs(
  body: Record<string, unknown>,
  ctx: CodecContext,
  provider: string,
): void {
  if (ctx.target.structured_outputs === true) return;
  const config = body.output_config as Record<string, unknown> | undefined;
  if (config?.format !== undefined) {
    unsupported(ctx, provider, "response_format", WHY);
    delete config.format;
    if (Object.keys(config).length === 0) delete body.output_config;
  }
  const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
  const strict = tools.filter((t) => t.strict !== undefined);
  if (strict.some((t) => t.strict === true)) unsupported(ctx, provider, "tools.strict", WHY);
  for (const t of strict) delete t.strict;
}
