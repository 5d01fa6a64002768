/**
 * The point where a usage record must already be durable: just before a response's last bytes
 * go to the socket. Once they have, a client can hold the whole response, and the process may
 * die (SIGKILL) before any later callback runs; the log phase itself runs a turn later.
 */
import type { ServerResponse } from "node:http";

/**
 * Runs `commit` synchronously inside the response's final `end()` call, before the bytes it
 * writes. Runs at most once, and not for a response whose socket is already gone (a client that
 * disconnected gets no complete response; its record is written in the log phase as usual).
 * A `commit` that throws never stops the response from ending.
 */
export function beforeLastByte(res: ServerResponse, commit: () => void): void {
  const end = res.end;
  res.end = function endAfterCommit(this: ServerResponse, ...args: unknown[]) {
    res.end = end;
    if (!res.destroyed && !res.writableEnded) {
      try {
        commit();
      } catch {
        // why: recording must never cost the client its response; the log phase tries again.
      }
    }
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["end"];
}
