/**
 * Provider-fidelity fixtures: `__fixtures__/fidelity/<name>.json` in a provider's folder, each taken
 * from the provider's published example or official SDK types (named in `source`). `request` is
 * the input (a canonical request, or a client body where the fixture is about a dialect), and
 * `expected` the part of the upstream body (or decoded output) the provider documents.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface FidelityFixture<Req = unknown, Expected = unknown> {
  source: string;
  request: Req;
  expected: Expected;
  [more: string]: unknown;
}

/** Reads `<providerDir>/__fixtures__/fidelity/<name>.json`. */
export function loadFidelity<Req = unknown, Expected = unknown>(
  providerDir: string,
  name: string,
): FidelityFixture<Req, Expected> {
  return JSON.parse(readFileSync(join(providerDir, "__fixtures__", "fidelity", `${name}.json`), "utf8"));
}
