/** The installed package's version, for `tollgate --version`. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Reads `version` from Tollgate's package.json. The file sits two levels up from `src/cli/` when
 * run from source and three from `dist/src/cli/` when built, so the walk looks upwards for it.
 */
export function packageVersion(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from, i = 0; i < 6; dir = dirname(dir), i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "tollgate" && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: keep walking up
    }
  }
  return "unknown";
}
