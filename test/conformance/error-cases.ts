/**
 * Error conformance: each provider's failure, produced by its emulator in the provider's own error
 * format, must reach the client with the right status, Tollgate's stable code, and (for rate
 * limits) the provider's `retry-after`, in either dialect, streamed or not.
 */
import { expect } from "vitest";
import type { Failure, Outcome } from "./ask.js";
import type { Case } from "./cases.js";

function failed(out: Outcome, status: number, code?: string): Failure {
  if (out.ok) throw new Error(`expected HTTP ${status}, got an answer: ${out.text}`);
  expect({ status: out.status, code: out.code }).toEqual({ status, code: code ?? out.code });
  expect(out.code).toMatch(/^[a-z0-9_]+$/);
  return out;
}

const marker = (scenario: string) => (n: string) => ({
  messages: [{ role: "user" as const, text: `[[scenario:${scenario}]] Hello ${n}` }],
});

export const ERROR_CASES: Case[] = [
  {
    id: "error-auth",
    title: "error: provider refuses the credentials",
    variant: "bad",
    ask: marker("default"),
    check: ({ out }) => {
      const f = failed(out, 401);
      expect(f.message).not.toMatch(/sk-|AKIA|BEGIN PRIVATE KEY/);
    },
  },
  {
    id: "error-rate-limit",
    title: "error: rate limited (retry-after kept)",
    ask: marker("429-retry-after"),
    check: ({ out }) => expect(failed(out, 429, "rate_limit_exceeded").retryAfter).toBe("7"),
  },
  {
    id: "error-context-length",
    title: "error: context too long",
    ask: marker("400-context-length"),
    check: ({ out }) => void failed(out, 400, "context_length_exceeded"),
  },
  {
    id: "error-model-not-found",
    title: "error: model not found",
    ask: marker("404-model"),
    check: ({ out }) => void failed(out, 404, "model_not_found"),
  },
  {
    id: "error-5xx",
    title: "error: provider 5xx",
    ask: marker("500"),
    check: ({ out }) => void failed(out, 502, "upstream_error"),
  },
  {
    id: "error-malformed-json",
    title: "error: malformed provider JSON",
    ask: marker("malformed-json"),
    check: ({ out, stream }) => {
      if (out.ok) throw new Error(`expected a failure, got an answer: ${out.text}`);
      // A stream breaks after it started: the client sees an error event, never a clean end.
      if (stream) expect(out.midStream).toBe(true);
      else failed(out, 502);
    },
  },
  {
    id: "error-html",
    title: "error: HTML error page from a proxy",
    ask: marker("html-502"),
    check: ({ out, target }) => {
      const f = failed(out, 502);
      expect(f.message).not.toMatch(/<html|<center|nginx/i);
      // Named by the provider's config name or its kind (`Gemini returned HTTP 502 …`).
      const kind = String(target.provider({ all: "", local: "" }, false).type).split("-")[0]!;
      expect(f.message).toMatch(new RegExp(`${target.id}|${kind}`, "i"));
    },
  },
];
