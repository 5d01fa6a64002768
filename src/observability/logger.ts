/**
 * The process logger: pino, JSON lines by default, or one human-readable line per record when
 * `logging.format` is `pretty` (the default when stdout is a terminal). pino-pretty is not a
 * dependency; the few lines below format pino's own JSON on the way to the terminal, so every
 * record is serialised exactly as in JSON mode (redaction and serializers included).
 */
import { type DestinationStream, type Logger, pino } from "pino";
import type { RootConfig } from "../config/schema.js";

/** Where log lines go; `isTTY` picks the default format. */
export interface LogDestination {
  write(line: string): void;
  isTTY?: boolean;
}

const LABELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};
const COLORS: Record<number, string> = { 10: "90", 20: "36", 30: "32", 40: "33", 50: "31", 60: "35" };
/** Fields every record has that a person reading a terminal does not need. */
const HIDDEN = new Set(["level", "time", "msg", "pid", "hostname", "service"]);

/** Creates the logger for `logging`, writing to `dest` (default: standard output). */
export function createLogger(logging: RootConfig["logging"], dest?: LogDestination): Logger {
  const tty = dest ? Boolean(dest.isTTY) : process.stdout.isTTY === true;
  const format = logging.format ?? (tty ? "pretty" : "json");
  const options = {
    level: logging.level,
    base: { service: "tollgate" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === "json") return dest ? pino(options, dest as DestinationStream) : pino(options);
  const out: LogDestination = dest ?? process.stdout;
  const pretty = { write: (line: string) => void out.write(formatPretty(line, tty)) };
  return pino(options, pretty as DestinationStream);
}

/** One pino JSON line → `TIME LEVEL message key=value…`, plus an error's stack indented below. */
export function formatPretty(line: string, color: boolean): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const level = Number(rec.level);
  const label = (LABELS[level] ?? String(rec.level)).padEnd(5);
  const paint = (s: string) => (color && COLORS[level] ? `\x1b[${COLORS[level]}m${s}\x1b[0m` : s);
  let stack = "";
  const fields = Object.entries(rec)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => {
      const err = v as { message?: unknown; stack?: unknown } | null;
      if (err && typeof err === "object" && typeof err.stack === "string") {
        stack += `${err.stack.replace(/^/gm, "    ")}\n`;
        return `${k}=${JSON.stringify(err.message ?? "")}`;
      }
      return `${k}=${typeof v === "string" && !/[\s"=]/.test(v) ? v : JSON.stringify(v)}`;
    });
  const head = [rec.time, paint(label), rec.msg, ...fields].filter((x) => x !== undefined && x !== "");
  return `${head.join(" ")}\n${stack}`;
}
