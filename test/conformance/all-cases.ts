/** Every conformance case, in matrix order: translation cases, Responses-only ones, then error cases. */
import { CASES, type Case } from "./cases.js";
import { ERROR_CASES } from "./error-cases.js";
import { RESPONSES_CASES } from "./responses-cases.js";

export const ALL_CASES: Case[] = [...CASES, ...RESPONSES_CASES, ...ERROR_CASES];
