/**
 * The active health check's probe (a one-token chat through the target's own codec) against
 * every provider's emulator: each conformance column is healthy with its real credentials and
 * unhealthy with ones the emulator refuses (the reason shown is the provider's decoded error).
 */
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { TARGETS } from "./targets.js";

let all: Emulator;
let local: Emulator;
let gateway: Gateway;
let url: string;

const check = { interval_ms: 200, timeout_ms: 5000, unhealthy_after: 1, healthy_after: 1 };

beforeAll(async () => {
  all = await startAllEmulators();
  local = await startLocalEmulators();
  const e = { all: all.url, local: local.url };
  const providers: Record<string, unknown> = {};
  const models: unknown[] = [];
  for (const t of TARGETS) {
    providers[t.id] = t.provider(e, false);
    providers[`${t.id}-bad`] = t.provider(e, true);
    for (const p of [t.id, `${t.id}-bad`])
      models.push({ name: p, health_check: check, targets: [{ provider: p, ...t.target }] });
  }
  gateway = createGateway({
    config: { auth: { mode: "none" }, logging: { level: "silent" }, providers, models },
    env: {},
    logger: pino({ level: "silent" }),
  });
  ({ url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false }));
});

afterAll(async () => {
  await gateway?.close(0);
  await all?.close();
  await local?.close();
});

interface Check {
  status: string;
  last_error?: string;
}

async function checkOf(model: string): Promise<Check | undefined> {
  const res = await fetch(`${url}/v1/tollgate/explain`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  const body = (await res.json()) as { targets: Array<{ health: { check?: Check } }> };
  return body.targets[0]?.health.check;
}

async function settledCheck(model: string): Promise<Check> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const c = await checkOf(model);
    if (c && c.status !== "unknown") return c;
    if (Date.now() > deadline) throw new Error(`no probe result for ${model}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("health check probe, every provider", () => {
  it.each(TARGETS.map((t) => t.id))(
    "%s: healthy with good credentials, unhealthy with refused ones",
    async (id) => {
      expect(await settledCheck(id)).toMatchObject({ status: "healthy" });
      const bad = await settledCheck(`${id}-bad`);
      expect(bad.status).toBe("unhealthy");
      expect(bad.last_error).toBeTruthy();
      // Every probe is a one-token chat, in each provider's own name for the output cap.
      const probes = [...all.requests, ...local.requests]
        .filter((r) => r.op === "chat" && JSON.stringify(r.body).includes('"ping"'))
        .map((r) => JSON.stringify(r.body));
      expect(probes.length).toBeGreaterThan(0);
      for (const p of probes)
        expect(p).toMatch(/"(max_tokens|max_completion_tokens|maxTokens|maxOutputTokens)":1\b/);
    },
  );
});
