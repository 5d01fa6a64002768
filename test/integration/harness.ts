/**
 * Starts the real gateway (in-process, real HTTP on loopback) in front of the provider emulators,
 * with the reference config. Tests drive it with the official SDKs.
 */
import { pino } from "pino";
import { createGateway, type Gateway, type GatewayOptions } from "../../src/gateway.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";

export const KEY = "tg-test-key-0123456789";

export const ENV = {
  OPENAI_API_KEY: "sk-emulated-openai",
  ANTHROPIC_API_KEY: "sk-ant-emulated",
  AZURE_OPENAI_API_KEY: "azure-emulated",
  TOLLGATE_DEMO_KEY: KEY,
};

export interface ReferenceConfig {
  providers: Record<string, Record<string, unknown>>;
  models: Array<{
    name: string;
    targets: Array<Record<string, unknown>>;
    plugins?: unknown[];
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}

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

export async function startHarness(
  extra: Record<string, unknown> = {},
  opts: Pick<GatewayOptions, "plugins" | "onRequestEnd"> & {
    /** Providers and models added to the reference config. */
    add?: Partial<Pick<ReferenceConfig, "providers" | "models">>;
  } = {},
): Promise<Harness> {
  const emulator = await startAllEmulators();
  const local = await startLocalEmulators();
  const config = referenceConfig(emulator.port, local.port, extra) as ReferenceConfig;
  Object.assign(config.providers, opts.add?.providers);
  config.models.push(...(opts.add?.models ?? []));
  const { add: _, ...gatewayOpts } = opts;
  const gateway = createGateway({
    config,
    env: ENV,
    logger: pino({ level: "silent" }),
    ...gatewayOpts,
  });
  const { url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false });
  return {
    url,
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
