/**
 * The providers the conformance suite runs against: one column of the matrix each (Bedrock and
 * Vertex twice, for their two model families). Each knows its config (pointed at the emulators),
 * its credential-failure variant, where its wire format puts the system prompt, and which usage
 * fields the provider's API reports at all.
 */
import { testServiceAccount } from "../../src/providers/vertex/__fixtures__/service-account.js";
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from "../emulators/bedrock/sigv4.js";

/** Base URLs of the shared emulator (every provider) and of the OpenAI-compatible one. */
export interface Endpoints {
  all: string;
  local: string;
}

type Json = Record<string, unknown>;

export interface ConformanceTarget {
  /** Matrix column, and the prefix of its config names. */
  id: string;
  /** The provider's config section; `bad` gives credentials the emulator refuses. */
  provider(e: Endpoints, bad: boolean): Json;
  /** The model target's fields besides `provider`. */
  target: Json;
  /** The part of the upstream body where the system prompt belongs in this provider's format. */
  systemPlace(body: Json): unknown;
  /** Usage fields the provider's API reports (the others cannot be checked, only absent). */
  reports: { cachedRead: boolean; cacheWrite: boolean; reasoning: boolean };
  /** The provider streams each tool call whole, in one delta (so no many-delta check). */
  wholeToolCalls?: boolean;
}

const key = (bad: boolean, good: string) => (bad ? "invalid" : good);
const firstMessage = (b: Json) => (b.messages as Json[] | undefined)?.[0];
const OPENAI_USAGE = { cachedRead: true, cacheWrite: false, reasoning: true };
const ANTHROPIC_USAGE = { cachedRead: true, cacheWrite: true, reasoning: false };
const GEMINI_USAGE = { cachedRead: true, cacheWrite: false, reasoning: true };

function vertexCredentials(e: Endpoints, bad: boolean): string {
  const sa = JSON.parse(testServiceAccount(`${e.all}/token`)) as Json;
  if (bad) sa.client_email = "invalid@tollgate-test.iam.gserviceaccount.com";
  return JSON.stringify(sa);
}

function vertex(e: Endpoints, bad: boolean): Json {
  return {
    type: "vertex",
    project: "tollgate-test",
    location: "us-central1",
    credentials: vertexCredentials(e, bad),
    token_url: `${e.all}/token`,
    base_url: e.all,
  };
}

function bedrock(e: Endpoints, bad: boolean): Json {
  return {
    type: "bedrock",
    region: "us-east-1",
    access_key_id: key(bad, TEST_ACCESS_KEY_ID),
    secret_access_key: TEST_SECRET_ACCESS_KEY,
    base_url: e.all,
  };
}

export const TARGETS: ConformanceTarget[] = [
  {
    id: "openai",
    provider: (e, bad) => ({ type: "openai", base_url: `${e.all}/v1`, api_key: key(bad, "sk-emulated") }),
    target: { model: "gpt-4o-mini" },
    systemPlace: firstMessage,
    reports: OPENAI_USAGE,
  },
  {
    id: "azure-openai",
    provider: (e, bad) => ({
      type: "azure-openai",
      base_url: e.all,
      api_key: key(bad, "azure-emulated"),
      api_version: "2024-10-21",
    }),
    target: { model: "gpt-4o", deployment: "gpt4o-prod" },
    systemPlace: firstMessage,
    reports: OPENAI_USAGE,
  },
  {
    id: "openai-compatible",
    provider: (e, bad) => ({
      type: "openai-compatible",
      base_url: `${e.local}/v1`,
      ...(bad ? { api_key: "invalid" } : {}),
    }),
    target: { model: "llama3.1:8b" },
    systemPlace: firstMessage,
    reports: OPENAI_USAGE,
  },
  {
    id: "mistral",
    provider: (e, bad) => ({
      type: "mistral",
      base_url: `${e.all}/v1`,
      api_key: key(bad, "mistral-emulated"),
    }),
    target: { model: "mistral-large-latest" },
    systemPlace: firstMessage,
    reports: { cachedRead: false, cacheWrite: false, reasoning: false },
    wholeToolCalls: true,
  },
  {
    id: "anthropic",
    provider: (e, bad) => ({ type: "anthropic", base_url: e.all, api_key: key(bad, "sk-ant-emulated") }),
    target: { model: "claude-sonnet-4-5" },
    systemPlace: (b) => b.system,
    reports: ANTHROPIC_USAGE,
  },
  {
    id: "bedrock-claude",
    provider: bedrock,
    target: { model: "anthropic.claude-3-5-sonnet-20240620-v1:0" },
    systemPlace: (b) => b.system,
    reports: { cachedRead: true, cacheWrite: true, reasoning: false },
  },
  {
    id: "bedrock-nova",
    provider: bedrock,
    target: { model: "amazon.nova-pro-v1:0" },
    systemPlace: (b) => b.system,
    reports: { cachedRead: true, cacheWrite: true, reasoning: false },
  },
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
    provider: vertex,
    target: { model: "claude-sonnet-4-5@20250929" },
    systemPlace: (b) => b.system,
    reports: ANTHROPIC_USAGE,
  },
  {
    id: "cohere",
    provider: (e, bad) => ({ type: "cohere", base_url: e.all, api_key: key(bad, "cohere-emulated") }),
    target: { model: "command-r-plus-08-2024" },
    systemPlace: firstMessage,
    reports: { cachedRead: true, cacheWrite: false, reasoning: false },
  },
];

/** Model names in the gateway config: the target itself, its bad-credential and drop-mode twins. */
export const modelName = (t: ConformanceTarget, variant: "ok" | "bad" | "drop" = "ok"): string =>
  variant === "ok" ? t.id : `${t.id}-${variant}`;

/** The gateway config: three providers and three models per target. */
export function conformanceConfig(e: Endpoints, key: string): Json {
  const providers: Json = {};
  const models: Json[] = [];
  for (const t of TARGETS) {
    providers[t.id] = t.provider(e, false);
    providers[`${t.id}-bad`] = t.provider(e, true);
    providers[`${t.id}-drop`] = { ...t.provider(e, false), on_unsupported: "drop" };
    for (const v of ["ok", "bad", "drop"] as const) {
      const provider = v === "ok" ? t.id : `${t.id}-${v}`;
      models.push({ name: modelName(t, v), targets: [{ provider, ...t.target }] });
    }
  }
  return {
    server: { host: "127.0.0.1", port: 0 },
    providers,
    models,
    keys: [{ name: "conformance", key }],
    logging: { level: "silent" },
  };
}
