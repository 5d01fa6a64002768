/**
 * The providers the conformance suite runs against: one column of the matrix each (Bedrock and
 * Vertex twice, for their two model families). The columns are declared by the emulator folders
 * and collected by `test/emulators/conformance.ts`; this builds the gateway config from them.
 */
import { CONFORMANCE_COLUMNS } from "../emulators/conformance.js";
import type { ConformanceTarget, Endpoints, Json } from "./column.js";

export type { ConformanceTarget, Endpoints } from "./column.js";

export const TARGETS: readonly ConformanceTarget[] = CONFORMANCE_COLUMNS;

/** Model names in the gateway config: the target itself, its bad-credential and drop-mode twins. */
export const modelName = (t: ConformanceTarget, variant: "ok" | "bad" | "drop" = "ok"): string =>
  variant === "ok" ? t.id : `${t.id}-${variant}`;

/** The gateway config: three providers and three models per target. */
export function conformanceConfig(e: Endpoints, key: string): Json {
  const providers: Json = {};
  const models: Json[] = [];
  for (const t of TARGETS) {
    providers[t.id] = t.provider(e, false);
    providers[`${t.id}-bad`] = t.provider(e, true);
    providers[`${t.id}-drop`] = { ...t.provider(e, false), on_unsupported: "drop" };
    for (const v of ["ok", "bad", "drop"] as const) {
      const provider = v === "ok" ? t.id : `${t.id}-${v}`;
      models.push({ name: modelName(t, v), targets: [{ provider, ...t.target }] });
    }
  }
  return {
    server: { host: "127.0.0.1", port: 0 },
    providers,
    models,
    keys: [{ name: "conformance", key }],
    logging: { level: "silent" },
  };
}
