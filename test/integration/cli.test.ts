/**
 * The `tollgate` command as a user runs it: validate's exit code and problem list, start, reload
 * on file change (a bad file is rejected and the last good config keeps serving), and SIGTERM
 * letting an in-flight stream finish.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { CLI, startCli } from "../support/cli-process.js";
import { ROOT } from "../support/golden.js";
import { ENV, KEY, referenceConfig } from "./harness.js";

let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startAllEmulators();
  dir = mkdtempSync(join(tmpdir(), "tollgate-cli-"));
});
afterAll(() => emu?.close());

function writeConfig(name: string, config: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(config));
  return file;
}

async function modelIds(port: number): Promise<string[]> {
  const r = await request(`http://127.0.0.1:${port}/v1/models`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  const body = (await r.body.json()) as { data: Array<{ id: string }> };
  return body.data.map((m) => m.id).sort();
}

describe("tollgate validate", () => {
  it("exits 1 listing every problem by path", () => {
    const file = writeConfig("bad.yaml", {
      providers: { claude: { type: "anthropic", api_key: "{env://TG_SURELY_UNSET_VAR}" } },
      models: [{ name: "m", targets: [{ provider: "nobody", model: "x" }] }],
    });
    const r = spawnSync(process.execPath, [...CLI, "validate", "--config", file], {
      encoding: "utf8",
      env: { PATH: process.env.PATH },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "providers.claude.api_key: secret reference {env://TG_SURELY_UNSET_VAR} is not set",
    );
    expect(r.stderr).toContain("models[m].targets[0].provider: unknown provider 'nobody'");
  });

  it("exits 0 for the reference config", () => {
    const file = writeConfig("good.yaml", referenceConfig(emu.port, emu.port));
    const r = spawnSync(process.execPath, [...CLI, "validate", "--config", file], {
      encoding: "utf8",
      env: { ...process.env, ...ENV },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

/** Runs the CLI to completion with a bare environment. */
function runCli(args: string[]) {
  return spawnSync(process.execPath, [...CLI, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
}

const STACK_FRAME = /^\s+at .+[(:]\d+/m;

/** Like runCli, without blocking the event loop (the test's own server must keep its port). */
function runCliAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [...CLI, ...args], { env: { PATH: process.env.PATH } });
    let stderr = "";
    proc.stderr.on("data", (d) => {
      stderr += String(d);
    });
    proc.on("exit", (status) => resolve({ status, stderr }));
  });
}

describe("tollgate validate: one clear line per problem, never a stack trace (issue 8)", () => {
  it("a self-referencing alias is one problem with its position (item 1)", () => {
    const file = join(dir, "alias.yaml");
    writeFileSync(file, "providers:\n  p: &p { type: openai, headers: { x: *p } }\n");
    const r = runCli(["validate", "--config", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${file} has 1 problem(s):\n  line 2, column 39: alias *p is inside the node it refers to (a cycle); a config cannot refer to itself\n`,
    );
  });

  it("a YAML syntax error names line and column, not the line's text (item 8)", () => {
    const file = join(dir, "syntax.yaml");
    writeFileSync(file, 'keys:\n  - { name: app, key: "tg-literal-key-0123456" \nserver: {}\n');
    const r = runCli(["validate", "--config", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line \d+, column \d+: /);
    expect(r.stderr).not.toContain("tg-literal-key-0123456");
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("a SQLite sink in a missing directory and a shared proxy/admin port are caught (item 13)", () => {
    const file = writeConfig("sinks.yaml", {
      server: { port: 8100 },
      admin: { port: 8100 },
      observability: { database: { url: `sqlite://${dir}/no-such-dir/usage.db` } },
    });
    const r = runCli(["validate", "--config", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("admin.port: 8100 is also server.port");
    const r2 = runCli([
      "validate",
      "--config",
      writeConfig("sinks2.yaml", {
        observability: { database: { url: `sqlite://${dir}/no-such-dir/usage.db` } },
      }),
    ]);
    expect(r2.stderr).toContain(`observability.database.url: directory ${dir}/no-such-dir does not exist`);
  });

  it("start refuses an invalid --host in one line", () => {
    const r = runCli(["start", "--config", writeConfig("h.yaml", {}), "--host", "not a host!"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      "error: option '--host <host>' argument 'not a host!' is invalid. 'not a host!' is not an IP address or a host name",
    );
  });

  it("start with the proxy port taken: one line naming the address and the setting, exit 1", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as AddressInfo).port;
    try {
      const file = writeConfig("busy.yaml", { server: { port }, admin: { enabled: false }, keys: [] });
      const r = await runCliAsync(["start", "--config", file]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(
        `tollgate: cannot listen on 127.0.0.1:${port} (server.host / server.port): the address is already in use (is another Tollgate running?)`,
      );
    } finally {
      taken.close();
    }
  });

  it("start with the admin port taken: one line, exit 1, and the proxy port is not left open", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const adminPort = (taken.address() as AddressInfo).port;
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, "127.0.0.1", r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    try {
      const file = writeConfig("busy-admin.yaml", { server: { port }, admin: { port: adminPort }, keys: [] });
      const r = await runCliAsync(["start", "--config", file]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(
        `tollgate: cannot listen on 127.0.0.1:${adminPort} (admin.host / admin.port): the address is already in use (is another Tollgate running?)`,
      );
      expect(r.stderr).not.toMatch(STACK_FRAME);
    } finally {
      taken.close();
    }
  });

  it("start refuses a self-referencing alias in one line too, without a stack trace", () => {
    const file = join(dir, "alias-start.yaml");
    writeFileSync(file, "providers:\n  p: &p { type: openai, headers: { x: *p } }\n");
    const r = runCli(["start", "--config", file, "--port", "0"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("line 2, column 39: alias *p is inside the node it refers to (a cycle)");
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("--version prints the package version", () => {
    const r = runCli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});

describe("tollgate start", () => {
  it("reloads on file change, keeps the last good config on a bad one, and drains on SIGTERM", async () => {
    const config = referenceConfig(emu.port, emu.port) as {
      models: unknown[];
      logging: unknown;
      admin: unknown;
    };
    config.logging = { level: "info" };
    config.admin = { port: 0 };
    const file = writeConfig("live.yaml", config);
    const { proc, port, logs } = await startCli(file, ENV);
    try {
      expect(await modelIds(port)).toHaveLength(5);
      writeFileSync(
        file,
        stringify({
          ...config,
          models: [...config.models, { name: "extra", targets: [{ provider: "openai", model: "x" }] }],
        }),
      );
      await expect.poll(() => modelIds(port), { timeout: 5000 }).toContain("extra");
      writeFileSync(file, "models: [ this is not valid");
      await expect
        .poll(() => logs.some((l) => l.includes("config reload rejected")), { timeout: 5000 })
        .toBe(true);
      expect(await modelIds(port)).toContain("extra");
      // An empty file (an editor saving in place) parses as `{}`: refused, not applied.
      writeFileSync(file, "");
      await expect
        .poll(() => logs.some((l) => l.includes("config reload refused: the new file is empty")), {
          timeout: 5000,
        })
        .toBe(true);
      expect(await modelIds(port)).toContain("extra");
      // A self-referencing alias used to crash the running gateway on reload.
      const rejected = () => logs.filter((l) => l.includes("config reload rejected")).length;
      const before = rejected();
      writeFileSync(file, `${stringify(config)}\nbroken: &b { again: *b }\n`);
      await expect.poll(rejected, { timeout: 5000 }).toBeGreaterThan(before);
      expect(proc.exitCode).toBeNull();
      expect(await modelIds(port)).toContain("extra");

      // A slow stream in flight when SIGTERM arrives still completes.
      const res = await request(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "gpt-4o-mini",
          stream: true,
          messages: [{ role: "user", content: "[[scenario:slow-stream]]" }],
        }),
      });
      const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
      proc.kill("SIGTERM");
      const text = await res.body.text();
      expect(text.trim().endsWith("data: [DONE]")).toBe(true);
      expect(await exited).toBe(0);
    } finally {
      proc.kill("SIGKILL");
    }
  });
});
