/**
 * Zod schemas of the Anthropic Messages request (https://docs.anthropic.com/en/api/messages),
 * strict where the real API refuses (required fields, ranges, known block types) and loose
 * elsewhere: fields we do not map are kept on the parsed objects so they can be carried.
 */
import { z } from "zod";

/** https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching */
export const cacheControlSchema = z.looseObject({ type: z.literal("ephemeral") }).nullish();

const textBlock = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  cache_control: cacheControlSchema,
});

/** https://docs.anthropic.com/en/docs/build-with-claude/vision */
const imageBlock = z.looseObject({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [
    z.looseObject({
      type: z.literal("base64"),
      media_type: z.enum(["image/jpeg", "image/png", "image/gif", "image/webp"]),
      data: z.string(),
    }),
    z.looseObject({ type: z.literal("url"), url: z.string() }),
    z.looseObject({ type: z.literal("file"), file_id: z.string() }),
  ]),
});

/** https://docs.anthropic.com/en/docs/build-with-claude/pdf-support (base64, url, text, content, file). */
const documentBlock = z.looseObject({
  type: z.literal("document"),
  source: z.looseObject({ type: z.enum(["base64", "url", "text", "content", "file"]) }),
  title: z.string().nullish(),
});

/**
 * Block types the Messages API defines that have no canonical form (server-tool blocks, search
 * results, container uploads): accepted and carried in `extra.anthropic.carried_blocks`.
 */
export const CARRIED_BLOCK_TYPES = [
  "search_result",
  "server_tool_use",
  "web_search_tool_result",
  "web_fetch_tool_result",
  "code_execution_tool_result",
  "bash_code_execution_tool_result",
  "text_editor_code_execution_tool_result",
  "tool_search_tool_result",
  "container_upload",
  "tool_reference",
] as const;

const carriedBlock = z.looseObject({ type: z.enum(CARRIED_BLOCK_TYPES) });

const toolResultContentBlock = z.discriminatedUnion("type", [
  textBlock,
  imageBlock,
  documentBlock,
  carriedBlock,
]);

const toolResultBlock = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(toolResultContentBlock)]).optional(),
  is_error: z.boolean().optional(),
});

const toolUseBlock = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});

/** https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking */
const thinkingBlock = z.looseObject({
  type: z.literal("thinking"),
  thinking: z.string(),
  signature: z.string(),
});
const redactedThinkingBlock = z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() });

export const contentBlockSchema = z.discriminatedUnion("type", [
  textBlock,
  imageBlock,
  documentBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
  carriedBlock,
]);

export type AnthropicContentBlockParam = z.infer<typeof contentBlockSchema>;
export type AnthropicToolResultContent = z.infer<typeof toolResultContentBlock>;

const messageSchema = z.looseObject({
  // `system` messages in the list are accepted by newer API versions; mapped to canonical system.
  role: z.enum(["user", "assistant", "system"]),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});

export type AnthropicMessageParam = z.infer<typeof messageSchema>;

/** https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use */
const toolChoiceSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({
    type: z.literal("tool"),
    name: z.string(),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
  z.looseObject({ type: z.literal("none") }),
]);

/** A client tool (`type` absent, null or `custom`); anything else is a server tool. */
export const customToolSchema = z.looseObject({
  type: z.literal("custom").nullish(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal("object") }),
  strict: z.boolean().optional(),
});

export const serverToolSchema = z.looseObject({ type: z.string(), name: z.string() });

const thinkingSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("enabled"), budget_tokens: z.number().int().min(1) }),
  z.looseObject({ type: z.literal("disabled") }),
  z.looseObject({ type: z.literal("adaptive") }),
]);

/** The top level of `POST /v1/messages`. Unknown top-level fields are kept (carried). */
export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(messageSchema).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z.array(z.looseObject({ type: z.string().nullish() })).optional(),
  tool_choice: toolChoiceSchema.optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  thinking: thinkingSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  output_config: z
    .looseObject({
      effort: z.string().nullish(),
      format: z
        .looseObject({ type: z.literal("json_schema"), schema: z.record(z.string(), z.unknown()) })
        .nullish(),
    })
    .optional(),
  stream: z.boolean().optional(),
});

export type AnthropicMessagesRequest = z.infer<typeof messagesRequestSchema>;
