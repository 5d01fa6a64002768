/** Every conformance case, in matrix order: translation cases, then error cases. */
import { CASES, type Case } from "./cases.js";
import { ERROR_CASES } from "./error-cases.js";

export const ALL_CASES: Case[] = [...CASES, ...ERROR_CASES];
