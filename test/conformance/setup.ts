/**
 * One gateway (in-process, real HTTP on loopback) in front of the shared emulator and the
 * OpenAI-compatible one, configured with every conformance target. One per test file.
 */
import { pino } from "pino";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type RecordedRequest, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { conformanceConfig } from "./targets.js";

export const KEY = "tg-conformance-key-0123456789";

export interface Bench {
  url: string;
  gateway: Gateway;
  /** The upstream request whose body contains `nonce` (each case puts one in its prompt). */
  received(nonce: string): RecordedRequest | undefined;
  close(): Promise<void>;
}

export async function startBench(): Promise<Bench> {
  const all = await startAllEmulators();
  const local = await startLocalEmulators();
  const config = conformanceConfig({ all: all.url, local: local.url }, KEY);
  // The Responses API stores responses by default (`store: true`): in memory, one store per file.
  config.storage = { records: { backend: "sqlite", path: ":memory:" } };
  const gateway = createGateway({
    config,
    env: {},
    logger: pino({ level: "silent" }),
  });
  const { url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false });
  return {
    url,
    gateway,
    received: (nonce) =>
      [...all.requests, ...local.requests].find(
        (r) => (r.op === "chat" || r.op === "embeddings") && JSON.stringify(r.body).includes(nonce),
      ),
    async close() {
      await gateway.close(0);
      await all.close();
      await local.close();
    },
  };
}
