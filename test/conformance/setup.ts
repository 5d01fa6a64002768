/**
 * One gateway (in-process, real HTTP on loopback) in front of the shared emulator and the
 * OpenAI-compatible one, configured with every conformance target. One per test file.
 */
import { pino } from "pino";
import { compile } from "../../src/config/compile.js";
import { validateConfig } from "../../src/config/load.js";
import { createGateway, type Gateway } from "../../src/server/server.js";
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
  const loaded = validateConfig(conformanceConfig({ all: all.url, local: local.url }, KEY), {});
  if (!loaded.ok) throw new Error(`conformance config invalid:\n${loaded.problems.join("\n")}`);
  const gateway = createGateway(compile(loaded.config), { logger: pino({ level: "silent" }) });
  const addr = await gateway.listen(0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${addr.port}`,
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
