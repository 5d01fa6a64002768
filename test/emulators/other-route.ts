/**
 * Answers for routes outside chat and embeddings (token counts, token endpoints): the JSON an
 * emulator computes, or, when it throws `EmulatorBadRequest`, that provider's own 400 body.
 */
import { EmulatorBadRequest, type ErrorResponse } from "./types.js";

export interface OtherAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Runs `answer`; a refused request becomes `badRequest(message)`, rendered as the provider does. */
export function answerOrRefuse(
  answer: () => unknown,
  badRequest: (message: string) => ErrorResponse,
): OtherAnswer {
  try {
    return { status: 200, body: answer() };
  } catch (err) {
    if (!(err instanceof EmulatorBadRequest)) throw err;
    const e = badRequest(err.message);
    return { status: e.status, body: JSON.parse(e.body), ...(e.headers ? { headers: e.headers } : {}) };
  }
}
