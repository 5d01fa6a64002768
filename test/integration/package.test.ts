/**
 * The published package's entry points exist and carry the library (`npm ci` builds dist/ through
 * `prepare`; after editing sources, `npm run build` refreshes it).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: { ".": { types: string; default: string } };
};

describe("package entry points", () => {
  it("main, types, exports and bin name files that the build produces", () => {
    for (const file of [
      pkg.main,
      pkg.types,
      pkg.exports["."].default,
      pkg.exports["."].types,
      pkg.bin.tollgate!,
    ])
      expect(existsSync(resolve(root, file)), `${file} is missing: run npm run build`).toBe(true);
  });

  it('`import { createGateway } from "tollgate"` gets the library', async () => {
    const lib = (await import(pathToFileURL(resolve(root, pkg.exports["."].default)).href)) as Record<
      string,
      unknown
    >;
    expect(typeof lib.createGateway).toBe("function");
    expect(typeof lib.GatewayError).toBe("function");
  });
});
