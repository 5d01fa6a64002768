/**
 * Reads a config file with a size limit checked before the file is read: a 50 MB file (a log
 * written to the wrong path, a runaway template) must not freeze the event loop or exhaust memory.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** Default largest config file, in bytes (4 MiB: far past any real config). */
export const DEFAULT_MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; problem: string };

/** `5.0 MiB`, `512 B`: sizes as people read them. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Reads at most `maxBytes` of `file` as UTF-8; a larger file is a problem, never a partial read. */
export function readConfigFile(file: string, maxBytes = DEFAULT_MAX_CONFIG_BYTES): ReadResult {
  const limit = `a config file may be at most ${formatBytes(maxBytes)}`;
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    return { ok: false, problem: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes)
      return { ok: false, problem: `${file}: is ${formatBytes(stat.size)}; ${limit}` };
    // Devices and pipes report no size (and a file may grow after fstat): read one byte past the
    // limit and stop there.
    const buf = Buffer.allocUnsafe(maxBytes + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes)
        return { ok: false, problem: `${file}: holds more than ${formatBytes(maxBytes)}; ${limit}` };
    }
    return { ok: true, text: buf.toString("utf8", 0, total) };
  } catch (err) {
    return { ok: false, problem: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})` };
  } finally {
    closeSync(fd);
  }
}
