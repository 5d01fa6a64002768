/**
 * Request bodies: size limit (413), content type (415), JSON (400). Checked before anything else
 * reads the request, so bad input changes nothing.
 */
import type { IncomingMessage } from "node:http";
import { GatewayError } from "../canonical/errors.js";

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers["content-type"];
  if (typeof type !== "string" || !/^application\/(?:[\w.+-]*\+)?json\b/i.test(type.trim())) {
    throw new GatewayError({
      status: 415,
      kind: "unsupported_media_type",
      code: "unsupported_media_type",
      message: `Expected 'Content-Type: application/json', got '${type ?? "none"}'.`,
    });
  }
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) throw tooLarge(limit);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    parts.push(chunk as Buffer);
  }
  const text = parts.length === 1 ? parts[0]!.toString("utf8") : Buffer.concat(parts).toString("utf8");
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

function tooLarge(limit: number): GatewayError {
  return new GatewayError({
    status: 413,
    kind: "request_too_large",
    code: "request_too_large",
    message: `The request body is larger than the limit of ${limit} bytes (server.body_limit).`,
  });
}
