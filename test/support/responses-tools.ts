/** A strict function tool for Responses API tests (the `openai` SDK's `FunctionTool` type). */
import type OpenAI from "openai";

export const WEATHER_FUNCTION_TOOL: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Weather for a city",
  parameters: {
    type: "object",
    properties: { location: { type: "string" }, unit: { type: "string" } },
    required: ["location", "unit"],
    additionalProperties: false,
  },
  strict: true,
};
