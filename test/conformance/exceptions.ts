/**
 * The cases a provider cannot serve, each with its reason. With `param`, the provider is asked and
 * must refuse with 400 `unsupported_parameter` naming that parameter (and, configured with
 * `on_unsupported: drop`, answer with an `x-tollgate-warning`); without it the case does not apply
 * (the provider's API has nothing to report or nothing to translate) and is only skipped.
 */
import type { Dialect } from "./cases.js";

export interface Exception {
  target: string;
  case: string;
  reason: string;
  /** The parameter the 400 names; absent when the case does not apply at all. */
  param?: string;
  /** Only for this client dialect (both when absent). */
  dialect?: Dialect;
}

const CONVERSE_URL =
  "Converse takes image bytes or S3 locations, not http(s) URLs (Tollgate does not fetch them)";
const NO_REASONING = "The provider reports no reasoning-token count (thinking is part of its output count)";

export const EXCEPTIONS: Exception[] = [
  { target: "mistral", case: "content-filter", reason: "Mistral has no content-filter finish reason" },
  {
    target: "cohere",
    case: "content-filter",
    reason: "Cohere has no content-filter finish reason (a blocked generation ends with ERROR)",
  },
  { target: "mistral", case: "cache-usage", reason: "Mistral reports no prompt-cache token counts" },
  ...["mistral", "anthropic", "bedrock-claude", "bedrock-nova", "vertex-claude", "cohere"].map((target) => ({
    target,
    case: "reasoning-usage",
    reason: NO_REASONING,
  })),
  ...["bedrock-claude", "bedrock-nova"].flatMap((target) => [
    { target, case: "image-url", reason: CONVERSE_URL, param: "messages.content.image_url" },
    {
      target,
      case: "json-object",
      reason: "Converse has no schema-less JSON mode (send a json_schema)",
      param: "response_format",
    },
  ]),
  ...["anthropic", "vertex-claude"].map((target) => ({
    target,
    case: "json-object",
    reason: "Claude's structured outputs need a schema (send a json_schema)",
    param: "response_format",
  })),
  {
    target: "cohere",
    case: "tool-choice-named",
    reason: "Cohere can require some tool, not one named tool among several",
    param: "tool_choice",
  },
];

export function exceptionFor(target: string, caseId: string, dialect: Dialect): Exception | undefined {
  return EXCEPTIONS.find(
    (e) => e.target === target && e.case === caseId && (e.dialect === undefined || e.dialect === dialect),
  );
}
