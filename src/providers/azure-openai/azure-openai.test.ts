import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFidelity } from "../../../test/support/fidelity.js";
import { loadCanonical } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/index.js";
import { goldenSuite, testContext } from "../openai/__fixtures__/suite.js";
import { azureApiUrl } from "./api-url.js";
import { azureOpenaiConfigSchema, azureOpenaiTargetSchema } from "./config.js";
import { azureOpenaiProvider } from "./index.js";
import { azureResponsesUrl } from "./responses-url.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");
const config = {
  type: "azure-openai" as const,
  api_key: "azure-test-key",
  api_version: "2024-10-21",
  base_url: "https://my-resource.openai.azure.com",
};
const provider = azureOpenaiProvider.create("azure", config);

describe("azure-openai golden fixtures", () => {
  goldenSuite(provider, FIXTURES, { provider: "azure", model: "gpt-4o", deployment: "gpt4o-prod" });
});

describe("azure-openai specifics", () => {
  it("falls back to the target's model as the deployment, for chat and embeddings", async () => {
    const ctx = testContext({ provider: "azure", model: "my deployment" });
    const r = await provider.chat.encode(loadCanonical("chat-basic"), ctx);
    expect(r.url).toBe(
      "https://my-resource.openai.azure.com/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21",
    );
    const e = await provider.embeddings!.encode({ model: "x", input: ["a"] }, ctx);
    expect(e.url).toBe(
      "https://my-resource.openai.azure.com/openai/deployments/my%20deployment/embeddings?api-version=2024-10-21",
    );
    expect(e.headers).toMatchObject({ "api-key": "azure-test-key" });
    expect(e.headers).not.toHaveProperty("authorization");
  });

  it("requires api_version and base_url, and validates deployment on targets", () => {
    expect(azureOpenaiConfigSchema.safeParse({ ...config, api_version: undefined }).success).toBe(false);
    expect(azureOpenaiConfigSchema.safeParse({ ...config, base_url: undefined }).success).toBe(false);
    expect(azureOpenaiConfigSchema.safeParse(config).success).toBe(true);
    expect(azureOpenaiTargetSchema.safeParse({ deployment: "" }).success).toBe(false);
  });

  it("passes an OpenAI body through without a model field", async () => {
    const r = await provider.passthrough!.encode(
      "chat",
      { model: "alias", messages: [], stream: true },
      testContext({ provider: "azure", model: "gpt-4o", deployment: "d1" }),
    );
    expect(JSON.parse(String(r.body))).toEqual({
      messages: [],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(r.url).toContain("/openai/deployments/d1/chat/completions?api-version=");
  });
});

describe("azure-openai api-version mapping (fidelity fixture)", () => {
  type Expected = Record<
    string,
    { refused?: string; dropped?: Record<string, unknown>; body?: Record<string, unknown> }
  >;
  const f = loadFidelity<ChatRequest, Expected>(import.meta.dirname, "api-version-2024-10-21");
  const ctxFor = (mode: "error" | "drop") => testContext({ provider: "azure", model: "o3-mini" }, mode);
  for (const [version, want] of Object.entries(f.expected)) {
    it(`shapes the body for api-version ${version}`, async () => {
      const p = azureOpenaiProvider.create("azure", { ...config, api_version: version });
      const bodyOf = async (mode: "error" | "drop") =>
        JSON.parse(String((await p.chat.encode(f.request, ctxFor(mode))).body));
      if (want.refused) {
        await expect(async () => p.chat.encode(f.request, ctxFor("error"))).rejects.toMatchObject({
          code: "unsupported_parameter",
          param: want.refused,
        });
      }
      if (want.dropped) {
        const body = await bodyOf("drop");
        expect(body).toMatchObject(want.dropped);
        expect(body).not.toHaveProperty("reasoning_effort");
      }
      if (want.body) expect(await bodyOf("error")).toMatchObject(want.body);
    });
  }
});

describe("azure-openai Responses API URL per api-version", () => {
  const base = "https://my-resource.openai.azure.com";
  it.each([
    ["v1", `${base}/openai/v1/responses`],
    ["preview", `${base}/openai/v1/responses?api-version=preview`],
    ["latest", `${base}/openai/v1/responses?api-version=latest`],
    ["2025-04-01-preview", `${base}/openai/responses?api-version=2025-04-01-preview`],
    ["2025-03-01-preview", `${base}/openai/responses?api-version=2025-03-01-preview`],
    ["2025-02-01-preview", undefined],
    ["2024-10-21", undefined],
  ])("%s → %s", (version, url) => expect(azureResponsesUrl(base, version)).toBe(url));
});

describe("azure-openai Chat Completions and embeddings URL per api-version", () => {
  const base = "https://my-resource.openai.azure.com";
  it.each([
    ["v1", `${base}/openai/v1/chat/completions`, `${base}/openai/v1/embeddings`],
    [
      "preview",
      `${base}/openai/v1/chat/completions?api-version=preview`,
      `${base}/openai/v1/embeddings?api-version=preview`,
    ],
    [
      "latest",
      `${base}/openai/v1/chat/completions?api-version=latest`,
      `${base}/openai/v1/embeddings?api-version=latest`,
    ],
    [
      "2025-04-01-preview",
      `${base}/openai/deployments/d%201/chat/completions?api-version=2025-04-01-preview`,
      `${base}/openai/deployments/d%201/embeddings?api-version=2025-04-01-preview`,
    ],
  ])("%s", (version, chat, embeddings) => {
    expect(azureApiUrl(base, version, "chat", "d 1")).toBe(chat);
    expect(azureApiUrl(base, version, "embeddings", "d 1")).toBe(embeddings);
  });

  it("names the deployment as the body's model on the v1 API, for chat, embeddings and passthrough", async () => {
    const v1 = azureOpenaiProvider.create("azure", { ...config, api_version: "v1" });
    const ctx = testContext({ provider: "azure", model: "gpt-4o", deployment: "gpt4o-prod" });
    const chat = await v1.chat.encode(loadCanonical("chat-basic"), ctx);
    expect(chat.url).toBe(`${base}/openai/v1/chat/completions`);
    expect(JSON.parse(String(chat.body)).model).toBe("gpt4o-prod");
    const e = await v1.embeddings!.encode({ model: "x", input: ["a"] }, ctx);
    expect(JSON.parse(String(e.body)).model).toBe("gpt4o-prod");
    const p = await v1.passthrough!.encode("chat", { model: "alias", messages: [] }, ctx);
    expect(JSON.parse(String(p.body)).model).toBe("gpt4o-prod");
    // Without a deployment the target's model is the deployment, as on the dated routes.
    const bare = await v1.chat.encode(
      loadCanonical("chat-basic"),
      testContext({ provider: "azure", model: "m" }),
    );
    expect(JSON.parse(String(bare.body)).model).toBe("m");
  });
});
