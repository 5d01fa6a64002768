/**
 * zod helpers for duration, size and count settings: every one is a whole number with an upper
 * bound. Unbounded, `shutdown_grace_ms: 3000000000` passed validation and Node's timers turned it
 * into 1 ms (anything above 2^31−1 overflows `setTimeout`). Used by every schema that has such a
 * setting (root, providers, observability), so this file imports nothing but zod.
 */
import { z } from "zod";

/** The largest delay `setTimeout` honours (2^31−1 ms, about 24.8 days); past it, Node uses 1 ms. */
export const TIMER_MAX_MS = 2 ** 31 - 1;

const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** `1 h`, `10 min`, `30 s`, `250 ms`. */
function humanMs(ms: number): string {
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} min`;
  if (ms % SECOND === 0) return `${ms / SECOND} s`;
  return `${ms} ms`;
}

function humanBytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return n >= KiB ? `${(n / KiB).toFixed(1)} KiB` : `${n} B`;
}

interface Range {
  max: number;
  /** Smallest allowed value (default 1: a zero timeout or size is almost always a mistake). */
  min?: number;
}

/** A duration in milliseconds, `min`..`max` (at most {@link TIMER_MAX_MS}). */
export function durationMs({ max, min = 1 }: Range): z.ZodNumber {
  const top = Math.min(max, TIMER_MAX_MS);
  return z
    .number()
    .int({ message: "must be a whole number of milliseconds" })
    .min(min, { message: `must be at least ${min} ms` })
    .max(top, { message: `must be at most ${top} ms (${humanMs(top)})` });
}

/** A size in bytes, `min`..`max`. */
export function byteSize({ max, min = 1 }: Range): z.ZodNumber {
  return z
    .number()
    .int({ message: "must be a whole number of bytes" })
    .min(min, { message: `must be at least ${min} bytes` })
    .max(max, { message: `must be at most ${max} bytes (${humanBytes(max)})` });
}

/** A count (items, attempts, tokens), `min`..`max`. */
export function count({ max, min = 1 }: Range): z.ZodNumber {
  return z
    .number()
    .int({ message: "must be a whole number" })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });
}
