/**
 * What every admin-API subcommand of the CLI shares (`tollgate keys …`, `tollgate usage`): one
 * authenticated JSON call that turns an admin API error into a message with its status and code,
 * and a plain-text table printer.
 */
export interface AdminClientOptions {
  adminUrl: string;
  token?: string;
  json?: boolean;
}

export type Out = (line: string) => void;

/** Calls the admin API; rejects with `"<status> <code>: <message>"` on an error answer. */
export async function adminCall(
  o: AdminClientOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const token = o.token ?? process.env.TOLLGATE_ADMIN_TOKEN;
  if (!token) throw new Error("no admin token: pass --token or set TOLLGATE_ADMIN_TOKEN");
  let res: Response;
  try {
    res = await fetch(new URL(path, o.adminUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    throw new Error(
      `cannot reach the admin API at ${o.adminUrl}: ${(err as Error).cause ?? (err as Error).message}`,
    );
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // why: a proxy or a wrong --admin-url may answer HTML; say so instead of a JSON parse error.
    throw new Error(`${res.status}: the admin API at ${o.adminUrl} did not answer JSON`);
  }
  if (!res.ok) {
    const e = (parsed as { error?: { message?: string; code?: string } } | undefined)?.error;
    throw new Error(`${res.status} ${e?.code ?? ""}: ${e?.message ?? text}`.trim());
  }
  return parsed;
}

/** Prints rows (the first is the header) in columns two spaces apart. */
export function printTable(rows: string[][], out: Out): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    out(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
}
