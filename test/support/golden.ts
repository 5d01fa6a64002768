/**
 * Golden files: `expectGolden(file, value)` compares `value` with the JSON stored in `file`;
 * with `UPDATE_GOLDEN=1` it rewrites the file instead (review the diff before committing).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function expectGolden(file: string, value: unknown): void {
  const normalised = JSON.parse(JSON.stringify(value)) as unknown;
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    if (process.env.CI === "true" && !existsSync(file)) throw new Error(`golden file missing: ${file}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(normalised, null, 2)}\n`);
    return;
  }
  expect(normalised).toEqual(JSON.parse(readFileSync(file, "utf8")));
}

/** Names of the shared canonical inputs in `test/fixtures/canonical/`. */
export const CANONICAL_INPUTS = [
  "chat-basic",
  "chat-system-multiturn",
  "chat-tools",
  "chat-tool-result",
  "chat-vision",
  "chat-json-schema",
] as const;

export function loadCanonical(
  name: (typeof CANONICAL_INPUTS)[number],
): import("../../src/canonical/index.js").ChatRequest {
  return JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "canonical", `${name}.json`), "utf8"));
}
