/**
 * A custom plugin, as an application would write one (docs/plugins.md walks through it):
 * refuses chat requests whose user messages contain a configured word, and counts what it
 * refused per key in its log hook. `test/integration/custom-plugin.test.ts` runs this file.
 */
import { GatewayError, type PluginDefinition } from "tollgate";
import { z } from "zod";

const configSchema = z
  .object({
    words: z.array(z.string().min(1)).min(1),
    /** Also refuse on assistant and tool turns sent back by the client. */
    all_roles: z.boolean().default(false),
  })
  .strict();

export const wordGuard: PluginDefinition<z.infer<typeof configSchema>> = {
  name: "word-guard",
  configSchema,
  create(config, env) {
    const pattern = new RegExp(`\\b(${config.words.map(escapeRegExp).join("|")})\\b`, "i");
    const refused = new Map<string, number>();
    return {
      name: "word-guard",
      priority: 200, // after key-auth (0), so ctx.identity is known
      failMode: "closed",
      rewrite(ctx, req) {
        for (const m of req.messages) {
          if (m.role !== "user" && !config.all_roles) continue;
          for (const part of m.content) {
            const hit = part.type === "text" ? pattern.exec(part.text) : null;
            if (!hit) continue;
            const who = ctx.identity?.key ?? "anonymous";
            refused.set(who, (refused.get(who) ?? 0) + 1);
            return {
              refuse: new GatewayError({
                status: 400,
                kind: "invalid_request",
                code: "content_blocked",
                message: `The request contains a blocked word ('${hit[1]}'); rephrase it.`,
              }),
            };
          }
        }
        return undefined;
      },
      log(_ctx, record) {
        if (record.error_code === "content_blocked")
          env.logger.info(
            { key: record.key, refused: refused.get(record.key ?? "anonymous") },
            "word-guard refused",
          );
      },
    };
  },
};

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
