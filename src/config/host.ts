/**
 * Listen addresses: an IP address (`127.0.0.1`, `::`) or a host name (`localhost`,
 * `gateway.internal`). Checked at validation so that `validate` catches what `listen` would
 * otherwise fail on at start-up (ENOTFOUND, EADDRNOTAVAIL come later, from the system).
 */
import { isIP } from "node:net";
import { z } from "zod";

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why `host` cannot be listened on, or undefined when it is an IP address or a host name. */
export function hostProblem(host: string): string | undefined {
  if (isIP(host)) return undefined;
  if (/^\[.*\]$/.test(host) && isIP(host.slice(1, -1)))
    return `'${host}': write an IPv6 address without brackets (${host.slice(1, -1)})`;
  const labels = host.endsWith(".") ? host.slice(0, -1).split(".") : host.split(".");
  const ok = host.length > 0 && host.length <= 253 && labels.every((l) => LABEL.test(l));
  // All-numeric dotted names are IPv4 addresses gone wrong (`256.1.1.1`, `127.0.0.1.1`), not names.
  if (ok && !labels.every((l) => /^\d+$/.test(l))) return undefined;
  return `'${host}' is not an IP address or a host name`;
}

/** zod schema of a listen address. */
export const hostSchema = z.string().superRefine((host, ctx) => {
  const problem = hostProblem(host);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
