/**
 * Active health checks through the real server: a target whose emulator answers 503 to the
 * probe leaves the plan (explain shows why, requests go to the other target without calling it),
 * comes back once it answers again, and a model whose only target is failing answers 503
 * `no_healthy_target` naming the probe's error. Waits on explain with a deadline, never a sleep.
 */
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { EMULATORS } from "../emulators/index.js";
import { type Emulator, type Fault, startEmulator } from "../emulators/server.js";

const NAMES = ["sick", "well"] as const;
type Name = (typeof NAMES)[number];
const faults: Record<Name, () => Fault | undefined> = { sick: () => undefined, well: () => undefined };
const emulators = {} as Record<Name, Emulator>;
let gateway: Gateway;
let url: string;
let openai: OpenAI;

/** Chats that were not probes (a probe's prompt is "ping"). */
const servedBy = (name: Name) =>
  emulators[name].requests.filter((r) => r.op === "chat" && !JSON.stringify(r.body).includes('"ping"'))
    .length;

beforeAll(async () => {
  for (const name of NAMES)
    emulators[name] = await startEmulator(EMULATORS, { faults: () => faults[name]() });
  const t = (provider: Name) => ({ provider, model: "gpt-4o-mini" });
  const check = { interval_ms: 100, timeout_ms: 2000, unhealthy_after: 2, healthy_after: 1 };
  gateway = createGateway({
    config: {
      auth: { mode: "none" },
      logging: { level: "silent" },
      providers: {
        sick: { type: "openai", base_url: `${emulators.sick.url}/v1`, api_key: "sk-emulated-openai" },
        well: { type: "openai", base_url: `${emulators.well.url}/v1`, api_key: "sk-emulated-openai" },
      },
      models: [
        { name: "checked", retries: { attempts: 0 }, health_check: check, targets: [t("sick"), t("well")] },
        { name: "alone", retries: { attempts: 0 }, health_check: check, targets: [t("sick")] },
      ],
    },
    logger: pino({ level: "silent" }),
  });
  ({ url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false }));
  openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "any-key-1234", maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close(0);
  for (const e of Object.values(emulators)) await e?.close();
});

interface Explained {
  targets: Array<{ id: string; health: { check?: { status: string; last_error?: string } } }>;
  plan: Array<{ targets: string[]; left_out: string[] }>;
}

async function explain(model: string): Promise<Explained> {
  const res = await fetch(`${url}/v1/tollgate/explain`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return (await res.json()) as Explained;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const statusOf = async (model: string, id: string) =>
  (await explain(model)).targets.find((t) => t.id === id)?.health.check?.status;

async function ask(model: string): Promise<string | null> {
  const { response } = await openai.chat.completions
    .create({ model, messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  return response.headers.get("x-tollgate-target");
}

describe("active health checks", () => {
  it("takes a failing target out of the plan, and brings it back when it answers", async () => {
    await until(
      "the first probes",
      async () => (await statusOf("checked", "sick/gpt-4o-mini")) === "healthy",
    );
    expect(await ask("checked")).toBe("sick/gpt-4o-mini");
    faults.sick = () => ({ error: "overloaded" });
    await until(
      "sick to fail its checks",
      async () => (await statusOf("checked", "sick/gpt-4o-mini")) === "unhealthy",
    );
    const e = await explain("checked");
    expect(e.plan[0]).toEqual({ tier: 1, targets: ["well/gpt-4o-mini"], left_out: ["sick/gpt-4o-mini"] });
    expect(e.targets[0]!.health.check!.last_error).toBeTruthy();
    const before = servedBy("sick");
    for (let i = 0; i < 3; i++) expect(await ask("checked")).toBe("well/gpt-4o-mini");
    expect(servedBy("sick")).toBe(before);

    const err = (await ask("alone").catch((x: unknown) => x)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(503);
    expect(err.code).toBe("no_healthy_target");
    expect(err.message).toMatch(/sick\/gpt-4o-mini \(failing health checks: /);

    faults.sick = () => undefined;
    await until(
      "sick to pass again",
      async () => (await statusOf("checked", "sick/gpt-4o-mini")) === "healthy",
    );
    expect(await ask("checked")).toBe("sick/gpt-4o-mini");
  });
});
