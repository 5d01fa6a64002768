/** The client dialects and the paths they serve. One line per dialect. */
import { anthropicDialect } from "./anthropic/index.js";
import { completionsDialect } from "./completions/index.js";
import { openaiDialect } from "./openai/index.js";
import { responsesDialect } from "./responses/index.js";
import type { ChatDialect, DialectName } from "./types.js";

export const CHAT_ROUTES: ReadonlyMap<string, ChatDialect> = new Map([
  ["/v1/chat/completions", openaiDialect],
  ["/v1/messages", anthropicDialect],
  ["/v1/responses", responsesDialect],
  ["/v1/completions", completionsDialect],
]);

/** The dialect a request context names (the first route's, when routes share a name). */
export function dialectNamed(name: DialectName): ChatDialect | undefined {
  for (const d of CHAT_ROUTES.values()) if (d.name === name) return d;
  return undefined;
}
