/**
 * An independent SigV4 check for the emulator (node:crypto, not the signer the provider uses), per
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-signing-request.html. The
 * payload hash is read from `x-amz-content-sha256` (the emulator sees the parsed body only).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** The key the emulator verifies; any other key (except `invalid`) is accepted unchecked. */
export const TEST_ACCESS_KEY_ID = "AKIATOLLGATETEST0001";
export const TEST_SECRET_ACCESS_KEY = "tollgate/emulator/secret/key/for/tests/only00";

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string | undefined): ParsedAuth | undefined {
  const m = value ? AUTH.exec(value) : null;
  if (!m) return undefined;
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(";"),
    signature: m[6]!,
  };
}

/** True when the request's signature is right for `secret`. */
export function verifySignature(
  auth: ParsedAuth,
  secret: string,
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
): boolean {
  const amzDate = String(headers["x-amz-date"] ?? "");
  const payloadHash = String(headers["x-amz-content-sha256"] ?? "");
  if (!amzDate.startsWith(auth.date) || !payloadHash) return false;
  const canonicalHeaders = auth.signedHeaders
    .map((h) => {
      const v = headers[h];
      const value = Array.isArray(v) ? v.join(",") : (v ?? "");
      return `${h}:${value.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const canonicalRequest = [
    method,
    canonicalPath(url.pathname),
    canonicalQuery(url),
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${secret}`, auth.date);
  for (const part of [auth.region, auth.service, "aws4_request"]) key = hmac(key, part);
  const expected = hmac(key, stringToSign).toString("hex");
  return timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
}

/** Non-S3 services sign the path URI-encoded twice: each segment of the raw path encoded again. */
function canonicalPath(rawPath: string): string {
  return rawPath
    .split("/")
    .map((s) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join("/");
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}
