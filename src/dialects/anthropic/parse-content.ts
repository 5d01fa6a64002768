/**
 * Anthropic content blocks → canonical content parts
 * (https://docs.anthropic.com/en/api/messages#body-messages-content).
 */
import type { ContentPart } from "../../canonical/chat.js";
import type { Carry } from "./carry.js";
import type { AnthropicContentBlockParam, AnthropicToolResultContent } from "./request-schema.js";

type Path = readonly PropertyKey[];
type Block = AnthropicContentBlockParam | AnthropicToolResultContent;

/**
 * One block → a canonical part, or undefined when the block has no canonical form (it is then
 * carried whole). `tool_use` and `tool_result` are handled by the message mapper, not here.
 */
export function toContentPart(block: Block, path: Path, carry: Carry): ContentPart | undefined {
  switch (block.type) {
    case "text": {
      carry.leftover(path, block, ["type", "text", "cache_control"]);
      return {
        type: "text",
        text: block.text,
        ...(block.cache_control ? { cache_control: block.cache_control } : {}),
      };
    }
    case "image":
      return toImagePart(block, path, carry);
    case "document":
      // The whole block rides along under `file.anthropic` (title, context, citations, cache_control).
      return { type: "file", file: toFile(block) };
    case "thinking":
      carry.leftover(path, block, ["type", "thinking", "signature"]);
      return { type: "thinking", text: block.thinking, signature: block.signature };
    case "redacted_thinking":
      // Canonical has no `data` field: the opaque payload is kept as the signature, flagged redacted.
      carry.leftover(path, block, ["type", "data"]);
      return { type: "thinking", text: "", signature: block.data, redacted: true };
    default:
      carry.block(path, block);
      return undefined;
  }
}

function toImagePart(
  block: Extract<Block, { type: "image" }>,
  path: Path,
  carry: Carry,
): ContentPart | undefined {
  const src = block.source;
  if (src.type === "file") {
    // A Files API id has no canonical image source: carried whole.
    carry.block(path, block);
    return undefined;
  }
  carry.leftover(path, block, ["type", "source"]);
  if (src.type === "url") return { type: "image", source: { kind: "url", url: src.url } };
  return { type: "image", source: { kind: "base64", media_type: src.media_type, data: src.data } };
}

/**
 * A document block → the canonical `file` payload: OpenAI-style `file_data` (a data URL),
 * `file_id` or `url` where the source has one, `filename` from the title, and the original block
 * under `anthropic` so an Anthropic provider can send it back unchanged.
 */
function toFile(block: Extract<Block, { type: "document" }>): Record<string, unknown> {
  const src = block.source;
  const file: Record<string, unknown> = {};
  if (block.title) file.filename = block.title;
  if (src.type === "base64" && typeof src.data === "string" && typeof src.media_type === "string") {
    file.file_data = `data:${src.media_type};base64,${src.data}`;
  } else if (src.type === "text" && typeof src.data === "string") {
    const type = typeof src.media_type === "string" ? src.media_type : "text/plain";
    file.file_data = `data:${type};base64,${Buffer.from(src.data, "utf8").toString("base64")}`;
  } else if (src.type === "url" && typeof src.url === "string") {
    file.url = src.url;
  } else if (src.type === "file" && typeof src.file_id === "string") {
    file.file_id = src.file_id;
  }
  file.anthropic = block;
  return file;
}
