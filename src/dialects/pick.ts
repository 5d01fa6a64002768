/** Which dialect renders an error for a path no route matched (Anthropic paths get Anthropic errors). */
import { openaiDialect } from "./openai/index.js";
import { CHAT_ROUTES } from "./registry.js";
import type { ChatDialect } from "./types.js";

export function anthropicDialectOrOpenAI(path: string): ChatDialect {
  if (path.startsWith("/v1/messages")) return CHAT_ROUTES.get("/v1/messages") ?? openaiDialect;
  return openaiDialect;
}
