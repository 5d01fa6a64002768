/**
 * `tollgate keys create|list|revoke`: a client of the admin API (`--admin-url`, `--token` or
 * TOLLGATE_ADMIN_TOKEN). `create` prints the secret once, on its own line, with a note that it
 * cannot be shown again.
 */
import { type AdminClientOptions, adminCall, type Out, printTable } from "./admin-client.js";

export interface CreateOptions extends AdminClientOptions {
  name: string;
  consumer?: string;
  models?: string;
  expiresAt?: string;
  budgetUsd?: string;
  budgetPeriod?: string;
}

export async function createKey(o: CreateOptions, out: Out): Promise<void> {
  const body = {
    name: o.name,
    ...(o.consumer ? { consumer: o.consumer } : {}),
    ...(o.models
      ? {
          models: o.models
            .split(",")
            .map((m) => m.trim())
            .filter(Boolean),
        }
      : {}),
    ...(o.expiresAt ? { expires_at: o.expiresAt } : {}),
    ...(o.budgetUsd
      ? { budget: { limit_usd: Number(o.budgetUsd), period: o.budgetPeriod ?? "monthly" } }
      : {}),
  };
  const k = (await adminCall(o, "POST", "/admin/v1/keys", body)) as { id: string; name: string; key: string };
  if (o.json) return out(JSON.stringify(k));
  out(`created key ${k.name} (${k.id})`);
  out(k.key);
  out("This secret is shown once; Tollgate keeps only its hash.");
}

interface Listed {
  id: string;
  name: string;
  prefix: string;
  consumer?: string;
  status: string;
  expires_at?: string;
}

export async function listKeys(o: AdminClientOptions, out: Out): Promise<void> {
  const data: Listed[] = [];
  let next: string | null = null;
  do {
    const q = `?limit=1000${next ? `&after=${encodeURIComponent(next)}` : ""}`;
    const page = (await adminCall(o, "GET", `/admin/v1/keys${q}`)) as { data: Listed[]; next: string | null };
    data.push(...page.data);
    next = page.next;
  } while (next);
  if (o.json) return out(JSON.stringify(data));
  const rows = [["ID", "NAME", "PREFIX", "CONSUMER", "STATUS", "EXPIRES"]];
  for (const k of data)
    rows.push([k.id, k.name, `${k.prefix}…`, k.consumer ?? "-", k.status, k.expires_at ?? "-"]);
  printTable(rows, out);
}

export async function revokeKey(o: AdminClientOptions, id: string, out: Out): Promise<void> {
  const k = (await adminCall(o, "DELETE", `/admin/v1/keys/${encodeURIComponent(id)}`)) as Listed & {
    revoked_at: string;
  };
  out(o.json ? JSON.stringify(k) : `revoked key ${k.name} (${k.id}) at ${k.revoked_at}`);
}
