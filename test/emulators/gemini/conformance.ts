/**
 * Conformance columns served by the Gemini emulator: the Gemini API, and Vertex AI with its two
 * publishers (Google's Gemini and Anthropic's Claude), authorised by a throwaway service account
 * whose token endpoint is the emulator's.
 */

import { type ConformanceTarget, type Endpoints, type Json, key } from "../../conformance/column.js";
import { chatProvider, type EmbeddingsTarget } from "../../conformance/embeddings-column.js";
import { testServiceAccount } from "../../support/service-account.js";
import { CLAUDE_UNSUPPORTED, CLAUDE_USAGE } from "../anthropic/conformance.js";

const GEMINI_USAGE = { cachedRead: true, cacheWrite: false, reasoning: true };

function vertexCredentials(e: Endpoints, bad: boolean): string {
  const sa = JSON.parse(testServiceAccount(`${e.all}/token`)) as Json;
  if (bad) sa.client_email = "invalid@tollgate-test.iam.gserviceaccount.com";
  return JSON.stringify(sa);
}

function vertex(e: Endpoints, bad: boolean, project = "tollgate-test"): Json {
  return {
    type: "vertex",
    project,
    location: "us-central1",
    credentials: vertexCredentials(e, bad),
    token_url: `${e.all}/token`,
    base_url: e.all,
  };
}

export const GEMINI_COLUMNS: ConformanceTarget[] = [
  {
    id: "gemini",
    provider: (e, bad) => ({ type: "gemini", base_url: e.all, api_key: key(bad, "gemini-emulated") }),
    target: { model: "gemini-2.5-flash" },
    systemPlace: (b) => b.systemInstruction,
    reports: GEMINI_USAGE,
    wholeToolCalls: true,
  },
  {
    id: "vertex-gemini",
    provider: vertex,
    target: { model: "gemini-2.5-flash" },
    systemPlace: (b) => b.systemInstruction,
    reports: GEMINI_USAGE,
    wholeToolCalls: true,
  },
  {
    id: "vertex-claude",
    // A project that has enabled Claude's structured outputs, and a target that says so.
    provider: (e, bad) => vertex(e, bad, "tollgate-structured"),
    target: { model: "claude-sonnet-4-5@20250929", structured_outputs: true },
    systemPlace: (b) => b.system,
    reports: CLAUDE_USAGE,
    unsupported: CLAUDE_UNSUPPORTED,
  },
];

/** The embeddings columns this emulator serves. */
export const GEMINI_EMBEDDINGS: EmbeddingsTarget[] = [
  {
    id: "gemini",
    provider: chatProvider(GEMINI_COLUMNS, "gemini"),
    target: { model: "gemini-embedding-001" },
    width: 3072,
    sizeField: "outputDimensionality",
    nativeBase64: false,
  },
];
