/**
 * Puts back what the Anthropic dialect carried in `extra.anthropic` because canonical form has no
 * field for it: `server_tools` (web search, code execution…), `carried_blocks` (document, server
 * tool result blocks…) and `carried_fields` (leftover keys such as `citations`), both recorded by
 * their path in the client's request (`messages.2.content.0`, `system.1`, `tools.0`).
 */
import { isRecord } from "../../wire/json.js";
import type { CodecContext } from "../types.js";
import type { AnthropicMessagesRequest } from "./wire.js";

/** The `extra.anthropic` keys that are carry records, not body fields. */
export const CARRY_KEYS = new Set(["carried_blocks", "carried_fields", "server_tools"]);

interface Record_ {
  path: string;
  value: Record<string, unknown>;
}

function records(raw: unknown, key: "block" | "fields"): Record_[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) =>
    isRecord(r) && typeof r.path === "string" && isRecord(r[key]) ? [{ path: r.path, value: r[key] }] : [],
  );
}

/** Resolves `a.0.b.1` against the body; returns undefined where the shape differs. */
function resolve(root: unknown, parts: string[]): unknown {
  let at: unknown = root;
  for (const p of parts) {
    if (Array.isArray(at)) at = at[Number(p)];
    else if (isRecord(at)) at = at[p];
    else return undefined;
  }
  return at;
}

/** Restores carried tools, blocks and fields into an encoded body; what cannot be placed is warned. */
export function restoreCarried(
  body: AnthropicMessagesRequest,
  extra: Record<string, unknown>,
  ctx: CodecContext,
  provider: string,
): void {
  const server = Array.isArray(extra.server_tools) ? extra.server_tools.filter(isRecord) : [];
  if (server.length)
    body.tools = [...(body.tools ?? []), ...(server as unknown as NonNullable<typeof body.tools>)];
  const lost: string[] = [];
  // Blocks in ascending path order, so inserting each at its index rebuilds the original order.
  const blocks = records(extra.carried_blocks, "block").sort((a, b) =>
    a.path.localeCompare(b.path, "en", { numeric: true }),
  );
  for (const { path, value } of blocks) {
    const parts = path.split(".");
    const index = Number(parts.pop());
    const list = resolve(body, parts);
    if (Array.isArray(list) && Number.isInteger(index)) list.splice(Math.min(index, list.length), 0, value);
    else lost.push(path);
  }
  for (const { path, value } of records(extra.carried_fields, "fields")) {
    // why: server tools were taken out of `tools`, so a client tool index no longer matches.
    const target = path.startsWith("tools.") && server.length ? undefined : resolve(body, path.split("."));
    if (!isRecord(target)) {
      lost.push(path);
      continue;
    }
    for (const [k, v] of Object.entries(value)) if (!(k in target)) target[k] = v;
  }
  if (lost.length) ctx.warn(`${provider}: carried Anthropic content not restored at ${lost.join(", ")}`);
}
