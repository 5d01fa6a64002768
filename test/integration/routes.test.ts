/**
 * Every route a client can call, walked with both official SDKs' raw request methods: each route
 * answers in its own dialect (OpenAI's routes as OpenAI, Anthropic's as Anthropic), and an unknown
 * route (404) or a wrong method (405, with `Allow`) answers in the dialect the client speaks.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, KEY, startHarness } from "./harness.js";

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  openai = new OpenAI({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => h?.close());

type Dialect = "openai" | "anthropic";
type Method = "get" | "post" | "delete";
/** An SDK, named by the dialect it speaks. */
type SdkDialect = Dialect;

/** Each route with a valid call, the method it takes, and the dialect it speaks. */
const ROUTES: Array<{ path: string; method: Method; dialect?: Dialect; body?: Record<string, unknown> }> = [
  {
    path: "/v1/chat/completions",
    method: "post",
    dialect: "openai",
    body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] },
  },
  { path: "/v1/completions", method: "post", dialect: "openai", body: { model: "llama", prompt: "Hi" } },
  { path: "/v1/embeddings", method: "post", dialect: "openai", body: { model: "embed-small", input: "Hi" } },
  {
    path: "/v1/messages",
    method: "post",
    dialect: "anthropic",
    body: { model: "claude-sonnet", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] },
  },
  {
    path: "/v1/messages/count_tokens",
    method: "post",
    dialect: "anthropic",
    body: { model: "claude-sonnet", messages: [{ role: "user", content: "Hi" }] },
  },
  // The model routes answer in the shape of whoever calls them (models.test.ts).
  { path: "/v1/models", method: "get" },
  { path: "/v1/models/gpt-4o-mini", method: "get" },
];

/** The error an SDK threw, or fails the test. */
async function failure(sdkDialect: SdkDialect, method: Method, path: string, body?: unknown) {
  const sdk = sdkDialect === "openai" ? openai : anthropic;
  const call = (sdk[method] as (p: string, o: object) => Promise<unknown>).bind(sdk);
  const err = await call(path, body ? { body } : {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `${method} ${path} should fail`).toBeInstanceOf(
    sdkDialect === "openai" ? OpenAI.APIError : Anthropic.APIError,
  );
  return err as { status: number; error: Record<string, unknown>; headers: Headers };
}

/**
 * Asserts an error is in `dialect`'s shape. The openai SDK keeps only the body's `error` member,
 * the Anthropic SDK the whole body, so the inner error object is what both can be checked on:
 * OpenAI's carries `code` and `param`; Anthropic's a `*_error` type and no code.
 */
function expectShape(
  err: { error: Record<string, unknown> },
  sdkDialect: SdkDialect,
  dialect: Dialect,
  code?: string,
): void {
  if (sdkDialect === "anthropic" && dialect === "anthropic") expect(err.error.type).toBe("error");
  if (sdkDialect === "anthropic" && dialect === "openai") expect(err.error.type).toBeUndefined();
  const inner = (sdkDialect === "anthropic" ? err.error.error : err.error) as Record<string, unknown>;
  expect(inner.message).toEqual(expect.any(String));
  if (dialect === "openai") {
    expect(inner).toHaveProperty("param");
    if (code) expect(inner.code).toBe(code);
  } else {
    expect(inner.type).toMatch(/_error$/);
    expect(inner).not.toHaveProperty("code");
  }
}

const SDK_DIALECTS: SdkDialect[] = ["openai", "anthropic"];

describe.each(SDK_DIALECTS)("routes, called by the %s SDK", (sdkDialect) => {
  const sdk = () => (sdkDialect === "openai" ? openai : anthropic);
  const headerDialect: Dialect = sdkDialect;

  it.each(ROUTES)("$method $path answers", async ({ path, method, body }) => {
    const call = (sdk()[method] as (p: string, o: object) => Promise<unknown>).bind(sdk());
    const out = await call(path, body ? { body } : {});
    expect(out).toBeTypeOf("object");
  });

  it.each(ROUTES)("$path refuses a wrong method with 405 and Allow", async ({ path, method, dialect }) => {
    const wrong: Method = method === "get" ? "post" : "get";
    const err = await failure(sdkDialect, wrong, path, wrong === "post" ? {} : undefined);
    expect(err.status).toBe(405);
    expect(err.headers.get("allow")).toBe(method.toUpperCase());
    expectShape(err, sdkDialect, dialect ?? headerDialect, "method_not_allowed");
    const del = await failure(sdkDialect, "delete", path);
    expect(del.status).toBe(405);
  });

  it.each(["/v1/nothing-here", "/v2/chat/completions", "/v1/messages/batches", "/", "/v1/models/"])(
    "unknown %s is a 404",
    async (path) => {
      const err = await failure(sdkDialect, "get", path);
      expect(err.status).toBe(404);
      const dialect = path.startsWith("/v1/messages") ? "anthropic" : headerDialect;
      expectShape(err, sdkDialect, dialect, "route_not_found");
    },
  );

  it("a route's own dialect wins over the sdkDialect's headers", async () => {
    const err = await failure(sdkDialect, "post", "/v1/chat/completions", { model: "gpt-4o-mini" });
    expect(err.status).toBe(400);
    expectShape(err, sdkDialect, "openai");
    const msg = await failure(sdkDialect, "post", "/v1/messages", { model: "claude-sonnet" });
    expect(msg.status).toBe(400);
    expectShape(msg, sdkDialect, "anthropic");
  });
});
