/**
 * The systems under test, each its own process: the emulator (called directly), nginx, the Node
 * floor, and Tollgate with no policies or with the governance chain. Tollgate runs from the built
 * `dist/` (what users deploy); configs are generated into the run's temporary folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { NGINX_INSTALL_HINT, nginxArgs, writeNginxConf } from "./nginx.js";
import {
  familyOf,
  findCommand,
  freePort,
  type Pinning,
  type Spawned,
  spawnPinned,
  stop,
  waitHttp,
} from "./proc.js";
import { ANTHROPIC_MODEL, BENCH_KEY, OPENAI_MODEL } from "./scenarios.js";

export type SystemId = "direct" | "nginx" | "floor" | "tollgate" | "tollgate-gov";

export interface System {
  id: SystemId;
  label: string;
  /** Base URL a client calls. */
  url: string;
  /** Whether the client sends the scenario's `gateway` request (Tollgate) or its `direct` one. */
  gateway: boolean;
  /** Processes whose CPU and memory are the system's (none for the emulator called directly). */
  pids(): number[];
  stop(): Promise<void>;
  /** Tollgate's admin port (metrics), when enabled. */
  adminUrl?: string;
}

export const LABELS: Record<SystemId, string> = {
  direct: "direct (emulator)",
  nginx: "nginx",
  floor: "Node floor",
  tollgate: "Tollgate (a) no policies",
  "tollgate-gov": "Tollgate (b) governance",
};

export interface BenchEnv {
  root: string;
  tmp: string;
  pin: Pinning;
  emulatorPort: number;
}

export const TOLLGATE_MAIN = "dist/src/cli/main.js";

export async function startEmulator(
  env: Omit<BenchEnv, "emulatorPort">,
): Promise<Spawned & { port: number }> {
  const port = await freePort();
  const s = spawnPinned(
    env.pin,
    env.pin.upstream,
    process.execPath,
    [TOLLGATE_MAIN, "emulate", "--port", String(port)],
    {
      cwd: env.root,
      logFile: join(env.tmp, "emulator.log"),
    },
  );
  await waitHttp(`http://127.0.0.1:${port}/v1/models`, s);
  return { ...s, port };
}

function system(id: SystemId, port: number, s: Spawned, family = false): System {
  return {
    id,
    label: LABELS[id],
    url: `http://127.0.0.1:${port}`,
    gateway: id === "tollgate" || id === "tollgate-gov",
    pids: () => (family ? familyOf(s.pid) : [s.pid]),
    stop: () => stop(s),
  };
}

export function directSystem(env: BenchEnv): System {
  return {
    id: "direct",
    label: LABELS.direct,
    url: `http://127.0.0.1:${env.emulatorPort}`,
    gateway: false,
    pids: () => [],
    stop: async () => undefined,
  };
}

/** nginx, or undefined (with the install hint printed) when it is not installed. */
export async function startNginx(env: BenchEnv, log: (s: string) => void): Promise<System | undefined> {
  const bin = findCommand("nginx");
  if (!bin) {
    log(NGINX_INSTALL_HINT);
    return undefined;
  }
  const port = await freePort();
  const conf = writeNginxConf(env.tmp, port, env.emulatorPort);
  const s = spawnPinned(env.pin, env.pin.sut, bin, nginxArgs(env.tmp, conf), {
    logFile: join(env.tmp, "nginx.out"),
  });
  await waitHttp(`http://127.0.0.1:${port}/v1/models`, s);
  return system("nginx", port, s, true);
}

/**
 * The floor runs as plain JavaScript like Tollgate's dist/ (no TypeScript loader in the process):
 * transpiled into bench/results/ (ignored by git), where `undici` resolves from the repository.
 */
export function compileFloor(root: string): string {
  const src = readFileSync(join(root, "bench", "node-floor.ts"), "utf8");
  const out = ts.transpileModule(src, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = join(root, "bench", "results", "node-floor.mjs");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, out.outputText);
  return file;
}

export async function startFloor(env: BenchEnv): Promise<System> {
  const port = await freePort();
  const args = [compileFloor(env.root), String(port), `http://127.0.0.1:${env.emulatorPort}`];
  const s = spawnPinned(env.pin, env.pin.sut, process.execPath, args, {
    cwd: env.root,
    logFile: join(env.tmp, "floor.log"),
  });
  await waitHttp(`http://127.0.0.1:${port}/`, s);
  return system("floor", port, s);
}

/**
 * Writes Tollgate's config for a variant and returns its path: (a) no auth, no observability, no
 * admin port; (b) a key required with request, token and budget limits (reserved and settled on
 * every request, in memory counters with an SQLite ledger), usage records to JSON lines and
 * SQLite, metrics on the admin port.
 */
export async function tollgateConfig(
  env: BenchEnv,
  governance: boolean,
): Promise<{ file: string; admin?: string }> {
  const emu = `http://127.0.0.1:${env.emulatorPort}`;
  const config: Record<string, unknown> = {
    server: { host: "127.0.0.1", port: 0 },
    providers: {
      openai: { type: "openai", base_url: `${emu}/v1`, api_key: "bench-openai-key" },
      claude: { type: "anthropic", base_url: emu, api_key: "bench-anthropic-key" },
    },
    models: [
      { name: OPENAI_MODEL, targets: [{ provider: "openai", model: OPENAI_MODEL }] },
      { name: ANTHROPIC_MODEL, targets: [{ provider: "claude", model: ANTHROPIC_MODEL }] },
    ],
  };
  let admin: string | undefined;
  if (governance) {
    const adminPort = await freePort();
    admin = `http://127.0.0.1:${adminPort}`;
    config.auth = { mode: "keys" };
    // why: limits a bench never reaches, so (b) pays for the reserve/settle path on every request
    // without refusing one.
    config.keys = [
      {
        name: "bench-app",
        key: BENCH_KEY,
        limits: [
          { metric: "requests", limit: 1_000_000_000, window: "1m" },
          { metric: "total_tokens", limit: 1_000_000_000, window: "1m" },
        ],
        budget: { limit_usd: 1_000_000_000, period: "monthly" },
      },
    ];
    config.storage = { records: { backend: "sqlite", path: join(env.tmp, "records.db") } };
    config.observability = {
      log: { file: join(env.tmp, "usage.jsonl") },
      database: { url: `sqlite://${join(env.tmp, "usage.db")}` },
      metrics: { process_metrics: true },
    };
    config.admin = { enabled: true, host: "127.0.0.1", port: adminPort };
  } else {
    config.auth = { mode: "none" };
    config.admin = { enabled: false };
  }
  const file = join(env.tmp, `tollgate-${governance ? "governance" : "none"}-${++configs}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return admin ? { file, admin } : { file };
}

let configs = 0;

export interface TollgateStart {
  governance: boolean;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

export async function startTollgate(env: BenchEnv, opts: TollgateStart): Promise<System> {
  const port = await freePort();
  const config = await tollgateConfig(env, opts.governance);
  const args = [
    ...(opts.nodeArgs ?? []),
    TOLLGATE_MAIN,
    "start",
    "--config",
    config.file,
    "--port",
    String(port),
  ];
  const id: SystemId = opts.governance ? "tollgate-gov" : "tollgate";
  const s = spawnPinned(env.pin, env.pin.sut, process.execPath, args, {
    cwd: env.root,
    logFile: join(env.tmp, `${id}.log`),
  });
  await waitHttp(`http://127.0.0.1:${port}/healthz`, s);
  return { ...system(id, port, s), ...(config.admin ? { adminUrl: config.admin } : {}) };
}

/** Starts every system; nginx is left out when it is not installed. */
export async function startAll(env: BenchEnv, log: (s: string) => void): Promise<System[]> {
  const out: System[] = [directSystem(env)];
  const nginx = await startNginx(env, log);
  if (nginx) out.push(nginx);
  out.push(await startFloor(env));
  out.push(await startTollgate(env, { governance: false }));
  out.push(await startTollgate(env, { governance: true }));
  return out;
}
