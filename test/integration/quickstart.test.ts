/**
 * examples/quickstart.yaml as `npm start` serves it: every model it lists answers through the
 * gateway from the bundled emulators, and it covers the provider types its header says it does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import type { RootConfig } from "../../src/config/schema.js";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { PROVIDERS } from "../../src/providers/registry.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { ROOT } from "../support/golden.js";

const TEXT = readFileSync(join(ROOT, "examples", "quickstart.yaml"), "utf8");
let emu: Emulator;
let gateway: Gateway;
let config: RootConfig;
let url: string;

beforeAll(async () => {
  emu = await startAllEmulators();
  const loaded = loadConfigText(TEXT.replaceAll("127.0.0.1:9101", `127.0.0.1:${emu.port}`), {});
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  config = loaded.config;
  gateway = createGateway({ config: loaded.raw, env: {}, logger: pino({ level: "silent" }) });
  ({ url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false }));
});
afterAll(async () => {
  await gateway?.close(0);
  await emu?.close();
});

const post = (path: string, body: unknown) =>
  request(`${url}${path}`, {
    method: "POST",
    headers: { authorization: "Bearer tg-quickstart-demo-key", "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("examples/quickstart.yaml", () => {
  it("uses every provider type but vertex, as its header says", () => {
    const types = new Set(Object.values(config.providers).map((p) => p.type));
    // Vertex needs a service-account file, which a quickstart cannot ship (the header says so).
    const left = [...PROVIDERS.keys()].filter((t) => !types.has(t));
    expect(left).toHaveLength(1);
    expect(TEXT.split("\n")[0]!.toLowerCase()).toContain(`every provider type but ${left[0]}`);
  });

  it("every model answers through the gateway", async () => {
    for (const m of config.models) {
      const embed = m.name.startsWith("embed");
      const res = embed
        ? await post("/v1/embeddings", { model: m.name, input: "hello" })
        : await post("/v1/chat/completions", {
            model: m.name,
            messages: [{ role: "user", content: "Hello" }],
          });
      const body = (await res.body.json()) as { object?: string };
      expect([m.name, res.statusCode, body.object]).toEqual([
        m.name,
        200,
        embed ? "list" : "chat.completion",
      ]);
    }
  });

  it("every chat model answers the legacy /v1/completions, translated or passed through", async () => {
    for (const m of config.models.filter((x) => !x.name.startsWith("embed"))) {
      const res = await post("/v1/completions", { model: m.name, prompt: "Say hi", max_tokens: 5 });
      const body = (await res.body.json()) as { object?: string };
      expect([m.name, res.statusCode, body.object]).toEqual([m.name, 200, "text_completion"]);
    }
  });

  it("picks an emulator scenario from the prompt marker; a client's x-emulator-scenario header stays at the gateway", async () => {
    const marked = await post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "[[scenario:429-retry-after]] Hello" }],
    });
    await marked.body.dump();
    expect(marked.statusCode).toBe(429);
    const headed = await request(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: "Bearer tg-quickstart-demo-key",
        "content-type": "application/json",
        "x-emulator-scenario": "429-retry-after",
      },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] }),
    });
    await headed.body.dump();
    expect(headed.statusCode).toBe(200);
  });
});
