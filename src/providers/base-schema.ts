import { z } from "zod";
import { durationMs, HOUR, MINUTE } from "../config/bounds.js";

/** Fields shared by every provider's config schema; spread into each provider's `z.object`. */
export const baseProviderFields = {
  base_url: z.url({ message: "must be an http(s) URL" }).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  on_unsupported: z.enum(["error", "drop"]).optional(),
  timeouts: z
    .object({
      connect_ms: durationMs({ max: 10 * MINUTE }).optional(),
      first_byte_ms: durationMs({ max: HOUR }).optional(),
      idle_ms: durationMs({ max: HOUR }).optional(),
    })
    .strict()
    .optional(),
};

/** Joins a base URL and a path without doubling or losing the slash. */
export function joinUrl(base: string, path: string): string {
  const b = base.endsWith("/") ? base.slice(0, -1) : base;
  return path.startsWith("/") ? b + path : `${b}/${path}`;
}
