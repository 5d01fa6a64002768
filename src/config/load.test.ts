import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "./compile.js";
import { loadConfigFile, loadConfigText, validateConfig } from "./load.js";

describe("config secrets and validation", () => {
  it("lists a missing env reference by path", () => {
    const r = loadConfigText('keys: [{ name: app, key: "{env://TG_TEST_MISSING}" }]', {});
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toContain("keys[app].key: secret reference {env://TG_TEST_MISSING} is not set");
  });

  it("resolves env and file references, whole and embedded", () => {
    const dir = mkdtempSync(join(tmpdir(), "tg-secrets-"));
    const file = join(dir, "key.txt");
    writeFileSync(file, "from-a-file-123\n");
    const r = loadConfigText(
      `keys:\n  - { name: a, key: "{env://TG_KEY}" }\n  - { name: b, key: "{file://${file}}" }\n  - { name: c, key: "pre-{env://TG_KEY}-post" }`,
      { TG_KEY: "secret-value-1" },
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.config.keys.map((k) => k.key)).toEqual([
        "secret-value-1",
        "from-a-file-123",
        "pre-secret-value-1-post",
      ]);
  });

  it("reports an unreadable file reference without throwing", () => {
    const r = loadConfigText('keys: [{ name: a, key: "{file:///nonexistent/tollgate/key}" }]', {});
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatch(
        /^keys\[a\]\.key: secret reference \{file:\/\/\/nonexistent\/tollgate\/key\} cannot be read \(ENOENT\)$/,
      );
  });

  it("lists every problem: unknown provider type, unknown target provider, duplicate names, bad fields", () => {
    const r = loadConfigText(
      [
        "server: { port: 70000 }",
        "providers:",
        "  weird: { type: nope }",
        "models:",
        "  - { name: m, targets: [{ provider: ghost, model: x }] }",
        "  - { name: m, targets: [{ provider: ghost, model: y }] }",
        "keys: [{ name: k, key: short }]",
      ].join("\n"),
      {},
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.some((p) => p.startsWith("server.port:"))).toBe(true);
      expect(r.problems.some((p) => p.startsWith("keys[k].key:"))).toBe(true);
    }
    const r2 = loadConfigText(
      [
        "providers:",
        "  weird: { type: nope }",
        "models:",
        "  - { name: m, targets: [{ provider: ghost, model: x }] }",
        "  - { name: m, targets: [{ provider: weird, model: y }] }",
      ].join("\n"),
      {},
    );
    expect(r2.ok).toBe(false);
    if (!r2.ok) {
      expect(r2.problems).toContain(
        "providers.weird.type: unknown provider type 'nope' (known: " + r2.problems[0]!.split("(known: ")[1],
      );
      expect(r2.problems).toContain("models[0].targets[0].provider: unknown provider 'ghost' (known: weird)");
      expect(r2.problems).toContain("models[1].name: duplicate model name 'm'");
    }
  });

  it("rejects text that is not YAML", () => {
    const r = loadConfigText("server: [unclosed", {});
    expect(r.ok).toBe(false);
  });

  it("applies defaults: port 8000, 10 MiB body limit, keys mode", () => {
    const r = loadConfigText("{}", {});
    expect(r.ok && r.config.server).toEqual({
      host: "127.0.0.1",
      port: 8000,
      body_limit: 10485760,
      shutdown_grace_ms: 10000,
      headers_timeout_ms: 30000,
      request_timeout_ms: 300000,
    });
    expect(r.ok && r.config.auth.mode).toBe("keys");
  });
});

describe("config file size (issue 8, item 3)", () => {
  it("refuses a file over the limit before reading it, with the size and the limit", () => {
    const dir = mkdtempSync(join(tmpdir(), "tg-size-"));
    const file = join(dir, "big.yaml");
    writeFileSync(file, `# ${"x".repeat(5 * 1024 * 1024)}\n`);
    const r = loadConfigFile(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([`${file}: is 5.0 MiB; a config file may be at most 4.0 MiB`]);
  });

  it("takes a smaller limit from the caller and accepts a file under it", () => {
    const dir = mkdtempSync(join(tmpdir(), "tg-size-"));
    const file = join(dir, "ok.yaml");
    writeFileSync(file, "server: { port: 8123 }\n");
    expect(loadConfigFile(file, {}, { maxBytes: 10 }).ok).toBe(false);
    const r = loadConfigFile(file, {}, { maxBytes: 1000 });
    expect(r.ok && r.config.server.port).toBe(8123);
  });

  it("does not read past the limit from a file that has no size (a device)", () => {
    const r = loadConfigFile("/dev/zero", {}, { maxBytes: 1024 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/^\/dev\/zero: .*at most 1.0 KiB/);
  });
});

describe("bounded resolution (issue 8, item 1)", () => {
  it("reports a cyclic object handed to validateConfig instead of overflowing the stack", () => {
    const headers: Record<string, unknown> = {};
    headers.self = headers;
    const r = validateConfig({ providers: { p: { type: "openai", api_key: "sk-123456", headers } } }, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContain("providers.p.headers.self: refers to itself (a cycle)");
  });
});

const PROVIDER = "providers:\n  claude: { type: anthropic, api_key: sk-ant-0123456 }\n";

describe("secret reference typos and unknown keys (issue 8, item 14)", () => {
  it.each([
    ["{env:ANTHROPIC_KEY}", "{env://ANTHROPIC_KEY}"],
    ["{env:/ANTHROPIC_KEY}", "{env://ANTHROPIC_KEY}"],
    ["{env//ANTHROPIC_KEY}", "{env://ANTHROPIC_KEY}"],
    ["{ENV://ANTHROPIC_KEY}", "{env://ANTHROPIC_KEY}"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell-style typo under test
    ["${ANTHROPIC_KEY}", "{env://ANTHROPIC_KEY}"],
    ["$ANTHROPIC_KEY", "{env://ANTHROPIC_KEY}"],
    ["os.environ/ANTHROPIC_KEY", "{env://ANTHROPIC_KEY}"],
    ["env://ANTHROPIC_KEY", "{env://ANTHROPIC_KEY}"],
    ["{env://ANTHROPIC_KEY", "{env://ANTHROPIC_KEY}"],
    ["{file:/run/secrets/key}", "{file:///run/secrets/key}"],
    ["file:///run/secrets/key", "{file:///run/secrets/key}"],
  ])("%s is an error suggesting %s, not a literal key", (typo, fix) => {
    const r = loadConfigText(`providers:\n  claude: { type: anthropic, api_key: "${typo}" }\n`, {
      ANTHROPIC_KEY: "sk-ant-real",
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        `providers.claude.api_key: "${typo}" looks like a secret reference but is not one; did you mean ${fix}?`,
      ]);
  });

  it("keeps ordinary strings that merely contain a dollar or braces", () => {
    const r = loadConfigText(
      `${PROVIDER}  o: { type: openai, api_key: "sk-$5-abcdef", headers: { x-note: "{not a ref}", x-cost: "$5" } }\n`,
      {},
    );
    expect(r.ok).toBe(true);
  });

  it("a missing secret is one problem, not a second 'too short' or 'required' one", () => {
    const r = loadConfigText(
      [
        "providers:",
        '  claude: { type: anthropic, api_key: "{env://TG_UNSET_A}" }',
        "keys:",
        '  - { name: app, key: "{env://TG_UNSET_B}" }',
      ].join("\n"),
      {},
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        "providers.claude.api_key: secret reference {env://TG_UNSET_A} is not set",
        "keys[app].key: secret reference {env://TG_UNSET_B} is not set",
      ]);
  });

  it("refuses unknown target fields, naming the model and suggesting the nearest key", () => {
    const r = loadConfigText(
      [
        "providers:",
        "  aws: { type: bedrock, region: us-east-1, access_key_id: AKIA0123, secret_access_key: s3cr3t0123 }",
        "  google: { type: gemini, api_key: g-0123456 }",
        "models:",
        "  - { name: claude-sonnet, targets: [{ provider: aws, model: anthropic.claude, famly: anthropic }] }",
        "  - { name: flash, targets: [{ provider: google, model: gemini-2.5-flash, deployment: prod }] }",
      ].join("\n"),
      {},
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        "models[claude-sonnet].targets[0].famly: unknown key; did you mean 'family'?",
        "models[flash].targets[0].deployment: unknown key (a gemini target takes: provider, model, price, weight, priority, description, max_tokens, params)",
      ]);
  });

  it("suggests the nearest key for unknown keys anywhere in the file", () => {
    const r = loadConfigText(
      `${PROVIDER}servr: { port: 1 }\nserver: { prot: 8000 }\nobservability: { database: { url: "sqlite://:memory:", flush_msec: 5 } }\n`,
      {},
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        "server.prot: unknown key; did you mean 'port'?",
        "observability.database.flush_msec: unknown key; did you mean 'flush_ms'?",
        "servr: unknown key; did you mean 'server'?",
      ]);
  });

  it("refuses a semantic catch_all that names none of the model's targets", () => {
    const model = (catchAll: string) =>
      `${PROVIDER}models:\n  - name: assistant\n    balancer: { algorithm: semantic, catch_all: "${catchAll}" }\n    targets:\n      - { provider: claude, model: claude-sonnet-4-5, description: code }\n      - { provider: claude, model: claude-haiku-4-5 }\n      - { provider: claude, model: claude-haiku-4-5 }\n`;
    const typo = loadConfigText(model("claude/claude-haiku-45"), {});
    expect(!typo.ok && typo.problems).toEqual([
      "models[assistant].balancer.catch_all: unknown target 'claude/claude-haiku-45'; did you mean 'claude/claude-haiku-4-5'?",
    ]);
    const far = loadConfigText(model("local/llama-3"), {});
    expect(!far.ok && far.problems).toEqual([
      "models[assistant].balancer.catch_all: unknown target 'local/llama-3' (the model's targets: claude/claude-sonnet-4-5, claude/claude-haiku-4-5, claude/claude-haiku-4-5#2)",
    ]);
    // A repeated pair is named with its `#n`, as explain and the response headers name it.
    expect(loadConfigText(model("claude/claude-haiku-4-5#2"), {}).ok).toBe(true);
  });

  it("names models and keys by name in every message", () => {
    const r = loadConfigText(`${PROVIDER}keys:\n  - { name: app, key: short }\n`, {});
    expect(!r.ok && r.problems).toEqual(["keys[app].key: keys must be at least 8 characters"]);
    const r2 = loadConfigText(
      `${PROVIDER}models:\n  - { name: sonnet, targets: [{ provider: ghost, model: x }] }\n  - { name: dup, targets: [{ provider: claude, model: x }] }\n  - { name: dup, targets: [{ provider: claude, model: x }] }\n`,
      {},
    );
    expect(!r2.ok && r2.problems).toEqual([
      "models[sonnet].targets[0].provider: unknown provider 'ghost' (known: claude)",
      "models[2].name: duplicate model name 'dup'",
    ]);
  });
});

describe("stream_resume", () => {
  const model = (extra: string) =>
    `${PROVIDER}models:\n  - { name: writer, ${extra}targets: [{ provider: claude, model: claude-haiku-4-5 }] }\n`;

  it("is off unless set, and compiles into the model's routing", () => {
    const off = loadConfigText(model(""), {});
    const on = loadConfigText(model("stream_resume: true, "), {});
    expect(off.ok && off.config.models[0]!.stream_resume).toBe(false);
    expect(on.ok && compile(on.config).models.get("writer")!.routing.streamResume).toBe(true);
  });

  it("takes only a boolean, naming the model", () => {
    const r = loadConfigText(model('stream_resume: "yes", '), {});
    expect(!r.ok && r.problems).toEqual([
      "models[writer].stream_resume: Invalid input: expected boolean, received string",
    ]);
  });
});
