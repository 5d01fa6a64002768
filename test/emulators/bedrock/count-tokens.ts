/**
 * Bedrock's CountTokens (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html):
 * `POST /model/{modelId}/count-tokens`, body `{"input": CountTokensInput}`, a union of `converse`
 * (ConverseTokensRequest: `messages`, `system`, `toolConfig`, `additionalModelRequestFields`) and
 * `invokeModel` (`{ body }`, the model's native body as a blob). The answer is
 * `{"inputTokens": n}`. Only Claude models count, and a cross-region inference profile id is
 * refused. The emulator serves the `converse` form; its messages are checked as Converse checks
 * them (index.ts).
 */
import { type ChatView, EmulatorBadRequest, type RouteMatch } from "../types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** ConverseTokensRequest's members (`ConverseTokensRequest` in aws-sdk-js-v3 client-bedrock-runtime). */
const CONVERSE_FIELDS = new Set(["messages", "system", "toolConfig", "additionalModelRequestFields"]);

const validation = (message: string): never => {
  throw new EmulatorBadRequest(message);
};

/** The answer to a count request, or a throw rendered as a ValidationException. */
export function bedrockCountTokens(
  body: unknown,
  match: RouteMatch,
  converseView: (body: unknown, match: RouteMatch) => ChatView,
): { inputTokens: number } {
  const model = decodeURIComponent(match.params.model ?? "");
  if (!model.startsWith("anthropic.")) validation("The provided model doesn't support counting tokens.");
  const input = isObj(body) ? body.input : undefined;
  if (!isObj(input))
    validation(
      "1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must not be null",
    );
  const members = Object.keys(input as Obj);
  if (members.length !== 1) validation("CountTokensInput is a union: exactly one member must be set");
  if (members[0] === "invokeModel") validation("emulator: CountTokens is served for the converse input only");
  if (members[0] !== "converse" || !isObj((input as Obj).converse))
    validation(`Unknown member '${members[0]}' of CountTokensInput`);
  const converse = (input as Obj).converse as Obj;
  for (const k of Object.keys(converse)) {
    if (!CONVERSE_FIELDS.has(k)) validation(`Unknown member '${k}' of ConverseTokensRequest`);
  }
  return { inputTokens: converseView(converse, match).inputTokens };
}
