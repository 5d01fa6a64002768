import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "./load.js";

describe("config secrets and validation", () => {
  it("lists a missing env reference by path", () => {
    const r = loadConfigText('keys: [{ name: app, key: "{env://TG_TEST_MISSING}" }]', {});
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toContain("keys.0.key: secret reference {env://TG_TEST_MISSING} is not set");
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
        /^keys\.0\.key: secret reference \{file:\/\/\/nonexistent\/tollgate\/key\} cannot be read \(ENOENT\)$/,
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
      expect(r.problems.some((p) => p.startsWith("keys.0.key:"))).toBe(true);
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
      expect(r2.problems).toContain("models.0.targets.0.provider: unknown provider 'ghost' (known: weird)");
      expect(r2.problems).toContain("models.1.name: duplicate model name 'm'");
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
