/**
 * Which dialect answers a request that is not a chat route (`/v1/models`, unknown paths): the
 * OpenAI one for `/v1/embeddings`, the Anthropic one for `/v1/messages…` paths and for clients that identify as Anthropic SDKs (they
 * send `anthropic-version`, or authenticate with `x-api-key` and no bearer token); OpenAI's
 * otherwise.
 */
import type { IncomingHttpHeaders } from "node:http";
import { openaiDialect } from "./openai/index.js";
import { CHAT_ROUTES } from "./registry.js";
import type { ChatDialect } from "./types.js";

export function dialectForRequest(path: string, headers: IncomingHttpHeaders): ChatDialect {
  const anthropic = CHAT_ROUTES.get("/v1/messages");
  if (!anthropic) return openaiDialect;
  if (path.startsWith("/v1/messages")) return anthropic;
  // An OpenAI-only route (a wrong method on it) answers as OpenAI whoever calls it.
  if (path === "/v1/embeddings") return openaiDialect;
  if (headers["anthropic-version"] !== undefined) return anthropic;
  if (headers["x-api-key"] !== undefined && headers.authorization === undefined) return anthropic;
  return openaiDialect;
}
