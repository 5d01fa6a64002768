/** Writes SSE frames to the client with backpressure, stopping at once if the client is gone. */
import type { ServerResponse } from "node:http";

/** Writes a frame; resolves when the socket can take more (or the client went away). */
export function writeFrame(res: ServerResponse, frame: string): Promise<void> | undefined {
  // why: the shutdown may have ended the response with an error event while a loop was awaiting.
  if (res.destroyed || res.writableEnded) return undefined;
  if (res.write(frame)) return undefined;
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

export function sseHeaders(extra: Record<string, string>): Record<string, string> {
  return {
    ...extra,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  };
}
