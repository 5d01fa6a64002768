/**
 * `GET /admin/v1/status`: version, uptime, each store's backend and whether it answers now, and
 * how many identities exist. A store that does not answer within 2 s is reported unreachable.
 */
import { packageVersion } from "../../cli/version.js";
import { IdentityDirectory } from "../../governance/identity/directory.js";
import type { AdminRoute } from "../route.js";

const PROBE_MS = 2000;

async function probe<T>(
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_MS} ms`)), PROBE_MS);
  });
  try {
    return { ok: true, value: await Promise.race([work(), timeout]) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.name : "error" };
  } finally {
    clearTimeout(timer);
  }
}

export const statusRoutes: AdminRoute[] = [
  {
    method: "GET",
    path: "/admin/v1/status",
    role: "read",
    handle: async ({ gw }) => {
      const cfg = gw.storage.config;
      const records = await probe(async () => {
        const dir = new IdentityDirectory(await gw.storage.records());
        const count = async (kind: string) => (await dir.all(kind)).length;
        return {
          tenants: await count("tenant"),
          teams: await count("team"),
          consumers: await count("consumer"),
          keys: await count("key"),
        };
      });
      const counters = await probe(async () => (await gw.storage.counters()).get("status-probe"));
      const serving = gw.serving.snapshot;
      return {
        status: 200,
        body: {
          version: packageVersion(),
          uptime_seconds: Math.round((Date.now() - (gw.startedAt ?? Date.now())) / 1000),
          config_loaded_at: serving.loadedAt.toISOString(),
          storage: {
            records: { backend: cfg.records.backend, reachable: records.ok },
            counters: { backend: cfg.counters.backend, reachable: counters.ok },
          },
          counts: {
            models: serving.models.size,
            config_keys: serving.config.keys.length,
            config_tenants: serving.config.tenants.length,
            config_teams: serving.config.teams.length,
            config_consumers: serving.config.consumers.length,
            ...(records.ok ? records.value : {}),
          },
        },
      };
    },
  },
];
