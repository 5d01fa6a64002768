/**
 * Starts the real gateway (in-process, real HTTP on loopback) in front of the provider emulators,
 * with the reference config. Tests drive it with the official SDKs.
 */
import { pino } from "pino";
import { compile } from "../../src/config/compile.js";
import { validateConfig } from "../../src/config/load.js";
import { createGateway, type Gateway } from "../../src/server/server.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";

export const KEY = "tg-test-key-0123456789";

export const ENV = {
  OPENAI_API_KEY: "sk-emulated-openai",
  ANTHROPIC_API_KEY: "sk-ant-emulated",
  AZURE_OPENAI_API_KEY: "azure-emulated",
  TOLLGATE_DEMO_KEY: KEY,
};

export interface Harness {
  url: string;
  emulator: Emulator;
  local: Emulator;
  gateway: Gateway;
  close(): Promise<void>;
}

/** The reference config from the core issue, pointed at emulators on the given ports. */
export function referenceConfig(
  port: number,
  localPort: number,
  extra: Record<string, unknown> = {},
): unknown {
  const base = `http://127.0.0.1:${port}`;
  return {
    server: { host: "127.0.0.1", port: 0 },
    providers: {
      openai: { type: "openai", base_url: `${base}/v1`, api_key: "{env://OPENAI_API_KEY}" },
      claude: { type: "anthropic", base_url: base, api_key: "{env://ANTHROPIC_API_KEY}" },
      azure: {
        type: "azure-openai",
        base_url: base,
        api_key: "{env://AZURE_OPENAI_API_KEY}",
        api_version: "2024-10-21",
      },
      local: { type: "openai-compatible", base_url: `http://127.0.0.1:${localPort}/v1` },
    },
    models: [
      { name: "gpt-4o-mini", targets: [{ provider: "openai", model: "gpt-4o-mini" }] },
      { name: "claude-sonnet", targets: [{ provider: "claude", model: "claude-sonnet-4-5" }] },
      { name: "azure-gpt", targets: [{ provider: "azure", model: "gpt-4o", deployment: "gpt4o-prod" }] },
      { name: "llama", targets: [{ provider: "local", model: "llama3.1:8b" }] },
      { name: "embed-small", targets: [{ provider: "openai", model: "text-embedding-3-small" }] },
    ],
    keys: [{ name: "demo-app", key: "{env://TOLLGATE_DEMO_KEY}" }],
    logging: { level: "silent" },
    ...extra,
  };
}

export async function startHarness(extra: Record<string, unknown> = {}): Promise<Harness> {
  const emulator = await startAllEmulators();
  const local = await startLocalEmulators();
  const loaded = validateConfig(referenceConfig(emulator.port, local.port, extra), ENV);
  if (!loaded.ok) throw new Error(`reference config invalid:\n${loaded.problems.join("\n")}`);
  const gateway = createGateway(compile(loaded.config), { logger: pino({ level: "silent" }) });
  const addr = await gateway.listen(0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${addr.port}`,
    emulator,
    local,
    gateway,
    async close() {
      await gateway.close(0);
      await emulator.close();
      await local.close();
    },
  };
}
