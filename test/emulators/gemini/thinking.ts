/**
 * What the Gemini API refuses in `generationConfig.thinkingConfig`, per model
 * (https://ai.google.dev/gemini-api/docs/thinking): Gemini 3 and 2.5 Pro only work in thinking
 * mode (budget 0 is refused), 2.5 Pro's budget is 128 to 32768 and 2.5 Flash's 0 to 24576,
 * `thinkingLevel` is Gemini 3's
 * (Pro takes low and high), and level and budget cannot be set together.
 */
import { EmulatorBadRequest } from "../types.js";
import { alwaysThinks } from "./signatures.js";

type Obj = Record<string, unknown>;

const LEVELS = new Set(["minimal", "low", "medium", "high"]);

export function checkThinking(model: string, config: Obj): void {
  const isGen3 = alwaysThinks(model);
  const isPro = /gemini-[\d.]+-pro/.test(model);
  const { thinkingBudget: budget, thinkingLevel: rawLevel } = config;
  if (budget !== undefined && rawLevel !== undefined) {
    throw new EmulatorBadRequest("You can only set one of thinking budget and thinking level.");
  }
  if (rawLevel !== undefined) {
    const level = String(rawLevel).toLowerCase();
    if (!isGen3) throw new EmulatorBadRequest("Thinking level is not supported for this model.");
    if (!LEVELS.has(level) || (isPro && (level === "minimal" || level === "medium"))) {
      throw new EmulatorBadRequest(`Thinking level ${String(rawLevel)} is not supported for this model.`);
    }
  }
  if (typeof budget === "number" && budget !== -1) {
    if (budget === 0 && (isGen3 || isPro)) {
      throw new EmulatorBadRequest("Budget 0 is invalid. This model only works in thinking mode.");
    }
    if (isPro && !isGen3 && (budget < 128 || budget > 32768)) {
      throw new EmulatorBadRequest(
        `The thinking budget ${budget} is invalid. Please choose a value between 128 and 32768.`,
      );
    }
    if (!isPro && !isGen3 && budget > 24576) {
      throw new EmulatorBadRequest(
        `The thinking budget ${budget} is invalid. Please choose a value between 0 and 24576.`,
      );
    }
  }
}
