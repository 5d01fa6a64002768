/**
 * Request bodies: size limit (413), content type (415), JSON (400). Checked before anything else
 * reads the request, so bad input changes nothing.
 */
import type { IncomingMessage } from "node:http";
import { GatewayError } from "../canonical/errors.js";

/**
 * After a 413 the rest of the body is read and dropped, so the client finishes sending and then
 * reads the answer (closing mid-upload shows it EPIPE instead). Past this much the connection is
 * cut: nobody needs to upload that to learn it is too large.
 */
const DRAIN_LIMIT = 64 * 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers["content-type"];
  if (typeof type !== "string" || !/^application\/(?:[\w.+-]*\+)?json\b/i.test(type.trim())) {
    drain(req, 0);
    throw new GatewayError({
      status: 415,
      kind: "unsupported_media_type",
      code: "unsupported_media_type",
      message: `Expected 'Content-Type: application/json', got '${type ?? "none"}'.`,
    });
  }
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) {
    drain(req, 0);
    throw tooLarge(limit);
  }
  const text = await readText(req, limit);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw GatewayError.invalid(
      `The request body is not valid JSON: ${(err as Error).message}`,
      undefined,
      "invalid_json",
    );
  }
}

function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        parts.push(chunk);
        return;
      }
      req.off("data", onData);
      req.off("end", onEnd);
      drain(req, size);
      reject(tooLarge(limit));
    };
    const onEnd = () =>
      resolve(parts.length === 1 ? parts[0]!.toString("utf8") : Buffer.concat(parts).toString("utf8"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}

/** Reads and drops what is left of a refused body, up to `DRAIN_LIMIT` bytes in all. */
function drain(req: IncomingMessage, seen: number): void {
  let size = seen;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError({
    status: 413,
    kind: "request_too_large",
    code: "request_too_large",
    message: `The request body is larger than the limit of ${limit} bytes (server.body_limit).`,
  });
}
