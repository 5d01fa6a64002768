/**
 * Canonical tools and tool choice → Converse `toolConfig`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html).
 * Tools are never dropped without a warning: a known peer bug silently lost them.
 */
import type { ChatRequest, ToolDefinition } from "../../canonical/chat.js";
import { GatewayError } from "../../canonical/errors.js";
import { historyToolNames, historyUsesTools } from "./messages.js";
import { type EncodeScope, refuse } from "./scope.js";
import type { BedrockConverseRequest, BedrockTool, BedrockToolChoice } from "./wire.js";

type ToolConfig = BedrockConverseRequest["toolConfig"];

/**
 * The toolConfig for a request. Converse has no `none` tool choice, and it refuses a history with
 * toolUse/toolResult blocks unless toolConfig is present; so:
 * - `none` with no tool history: no toolConfig (the model cannot call what it is not offered),
 *   with a warning;
 * - `none` with tool history: the tools are sent without a choice (the model *may* call one), which
 *   is unsupported handling (refused, or dropped to auto with a warning);
 * - tool history but no tools offered: the tools named in the history are declared with an open
 *   schema, with a warning (fixture requests/history-without-tools.json).
 */
export function toBedrockToolConfig(req: ChatRequest, scope: EncodeScope): ToolConfig {
  const tools = req.tools ?? [];
  const choice = req.tool_choice;
  const inHistory = historyUsesTools(req.messages);
  if (tools.length === 0) {
    if (choice && (choice.type === "required" || choice.type === "tool")) {
      throw GatewayError.invalid("tool_choice requires at least one tool in 'tools'.", "tool_choice");
    }
    if (!inHistory) return undefined;
    const names = historyToolNames(req.messages);
    scope.ctx.warn(
      `bedrock: the history has tool calls but no tools were offered; declared ${names.join(", ")} with an open schema because Converse requires a toolConfig`,
    );
    return {
      tools: toTools(
        names.map((name) => ({ name })),
        scope,
      ),
    };
  }
  if (choice?.type === "none") {
    if (!inHistory) {
      scope.ctx.warn(
        "bedrock: tool_choice 'none': the tools were not sent, as Converse has no 'none' choice",
      );
      return undefined;
    }
    refuse(
      scope,
      "tool_choice",
      "Converse has no 'none' choice and needs the tools when the history has tool calls",
    );
    return { tools: toTools(tools, scope) };
  }
  if (req.parallel_tool_calls === false) {
    refuse(scope, "parallel_tool_calls", "Converse cannot turn off parallel tool calls");
  }
  const toolChoice = toChoice(choice);
  return { tools: toTools(tools, scope), ...(toolChoice ? { toolChoice } : {}) };
}

/** `auto` is the default and is left out: only some models accept an explicit toolChoice. */
function toChoice(choice: ChatRequest["tool_choice"]): BedrockToolChoice | undefined {
  if (choice?.type === "required") return { any: {} };
  if (choice?.type === "tool") return { tool: { name: choice.name } };
  return undefined;
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolSpecification.html */
function toTools(tools: ToolDefinition[], scope: EncodeScope): BedrockTool[] {
  // Strict tool use exists for Anthropic and Amazon models; others reject the field.
  const strictOk = scope.family === "anthropic" || scope.family === "amazon";
  if (!strictOk && tools.some((t) => t.strict === true)) {
    scope.ctx.warn(`bedrock: tools.strict was not sent: ${scope.family} models on Bedrock do not take it`);
  }
  return tools.map((t) => ({
    toolSpec: {
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      inputSchema: { json: t.parameters ?? { type: "object", properties: {} } },
      ...(t.strict === true && strictOk ? { strict: true } : {}),
    },
  }));
}
