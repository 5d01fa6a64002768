/**
 * Zod schemas of the Responses API request (`POST /v1/responses`,
 * https://platform.openai.com/docs/api-reference/responses/create; the OpenAPI document's
 * `CreateResponse`), strict where the API refuses (required fields, ranges, known item and part
 * types) and loose elsewhere so that fields we do not map are carried.
 */
import { z } from "zod";

const inputText = z.looseObject({ type: z.literal("input_text"), text: z.string() });
const inputImage = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(["auto", "low", "high"]).nullish(),
});
const inputFile = z.looseObject({
  type: z.literal("input_file"),
  file_id: z.string().nullish(),
  file_data: z.string().optional(),
  file_url: z.string().optional(),
  filename: z.string().optional(),
});
/** Assistant turns sent back as they were received: `output_text` and `refusal` parts. */
const outputText = z.looseObject({ type: z.literal("output_text"), text: z.string() });
const refusal = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });

export const contentPartSchema = z.discriminatedUnion("type", [
  inputText,
  inputImage,
  inputFile,
  outputText,
  refusal,
]);
export type ResponsesContentPart = z.infer<typeof contentPartSchema>;

const messageItem = z.looseObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(contentPartSchema)]),
  id: z.string().optional(),
  status: z.string().optional(),
});

const functionCallItem = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  id: z.string().optional(),
});

const functionCallOutputItem = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPartSchema)]),
});

const reasoningItem = z.looseObject({
  type: z.literal("reasoning"),
  id: z.string().optional(),
  summary: z.array(z.looseObject({ type: z.literal("summary_text"), text: z.string() })),
  encrypted_content: z.string().nullish(),
});

const itemReference = z.looseObject({ type: z.literal("item_reference"), id: z.string().min(1) });

/** One input item. A message may omit `type` (the "easy input message" of the spec). */
export const inputItemSchema = z.union([
  messageItem,
  functionCallItem,
  functionCallOutputItem,
  reasoningItem,
  itemReference,
]);
export type ResponsesInputItem = z.infer<typeof inputItemSchema>;

export const functionToolSchema = z.looseObject({
  type: z.literal("function"),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'"),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.literal("function"), name: z.string() }),
  z.looseObject({ type: z.string() }),
]);

const textFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }),
]);

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]).optional(),
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: textFormat.optional() }).optional(),
  reasoning: z
    .looseObject({
      effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).nullish(),
      summary: z.enum(["auto", "concise", "detailed"]).nullish(),
    })
    .nullish(),
  max_output_tokens: z.number().int().min(16).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  metadata: z.record(z.string(), z.string().max(512)).nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  stream: z.boolean().nullish(),
  user: z.string().optional(),
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
