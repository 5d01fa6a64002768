/**
 * The emulator's Azure Responses API refuses what Azure refuses (a wrong path or api-version, a
 * missing key, unknown fields); `azure-versions.test.ts` checks the codec's URLs against it.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../server.js";
import { openaiEmulator } from "./index.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator([openaiEmulator]);
});
afterAll(() => emu.close());

const BODY = { model: "gpt41-prod", input: "Hello" };

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field.
type Body = Record<string, any>;

async function post(path: string, body: unknown = BODY, key = "azure-key") {
  const res = await request(`${emu.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "api-key": key } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, text, json: () => JSON.parse(text) as Body };
}

describe("the Azure Responses emulator", () => {
  it.each([
    "/openai/v1/responses",
    "/openai/v1/responses?api-version=preview",
    "/openai/responses?api-version=2025-04-01-preview",
    "/openai/responses?api-version=2025-03-01-preview",
  ])("serves %s with the deployment as model", async (path) => {
    const res = await post(path);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ object: "response", model: "gpt41-prod", status: "completed" });
  });

  it.each([
    ["/openai/responses?api-version=2024-10-21", 404, "Resource not found"],
    ["/openai/responses?api-version=preview", 404, "Resource not found"],
    ["/openai/responses", 400, "api-version"],
    ["/openai/v1/responses?api-version=2025-04-01-preview", 400, "API version not supported"],
    ["/openai/deployments/gpt41-prod/responses?api-version=2025-04-01-preview", 404, ""],
  ])("refuses %s with %i", async (path, status, message) => {
    const res = await post(path);
    expect(res.status).toBe(status);
    expect(res.text).toContain(message);
  });

  it("refuses a missing or wrong key with Azure's 401", async () => {
    for (const key of ["", "invalid"]) {
      const res = await post("/openai/v1/responses", BODY, key);
      expect(res.status).toBe(401);
      expect(res.json().error.code).toBe("401");
    }
  });

  it("refuses unknown fields and a missing model, as the Responses API does", async () => {
    const unknown = await post("/openai/v1/responses", { ...BODY, messages: [] });
    expect([unknown.status, unknown.json().error.message]).toEqual([400, "Unknown parameter: 'messages'."]);
    const { model: _, ...noModel } = BODY;
    expect((await post("/openai/v1/responses", noModel)).status).toBe(400);
  });
});
