/**
 * For integration tests of several gateway instances sharing one real Redis counter store: start
 * the nodes, wait for what one node learns from another (a deadline, never a fixed sleep), and
 * delete the run's keys afterwards.
 */
import { Redis } from "ioredis";
import OpenAI from "openai";
import { pino } from "pino";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { REDIS_URL } from "./services.js";

export interface FleetNode {
  gw: Gateway;
  url: string;
  openai: OpenAI;
}

/** Starts one gateway per config, each on a port of its own. */
export async function startNodes(configs: unknown[]): Promise<FleetNode[]> {
  const nodes: FleetNode[] = [];
  for (const config of configs) {
    const gw = createGateway({ config, logger: pino({ level: "silent" }) });
    const { url } = await gw.listen({ port: 0, host: "127.0.0.1", admin: false });
    nodes.push({
      gw,
      url,
      openai: new OpenAI({ baseURL: `${url}/v1`, apiKey: "any-key-1234", maxRetries: 0 }),
    });
  }
  return nodes;
}

/** Closes the nodes and deletes every key under the run's prefix. */
export async function closeNodes(nodes: FleetNode[], prefix: string): Promise<void> {
  for (const n of nodes) await n.gw.close(0);
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
}

/** Polls `check` until it holds; fails after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A chat through the node; the target that answered. */
export async function ask(n: FleetNode, model: string): Promise<string | null> {
  const { response } = await n.openai.chat.completions
    .create({ model, messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  return response.headers.get("x-tollgate-target");
}

/** The config every node shares: no auth, silent, records in memory, counters in the run's Redis keys. */
export function fleetBase(prefix: string): Record<string, unknown> {
  return {
    auth: { mode: "none" },
    logging: { level: "silent" },
    storage: {
      records: { backend: "sqlite", path: ":memory:" },
      counters: { backend: "redis", url: REDIS_URL, prefix },
    },
  };
}
