/**
 * SigV4 request signing for Bedrock Runtime
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-signing-request.html), service
 * name `bedrock`. The signature covers the exact body bytes and the host of the URL the request is
 * sent to, so a `base_url` override (a VPC endpoint, a proxy) signs for the host it really calls.
 * The signing libraries load when a Bedrock provider is configured, not at every start-up.
 */
import { createRequire } from "node:module";
import type { Sha256 } from "@aws-crypto/sha256-js";
import type { SignatureV4 } from "@smithy/signature-v4";
import type { UpstreamRequest } from "../types.js";
import type { BedrockConfig } from "./config.js";
import { type BedrockCredentialsConfig, bedrockCredentials } from "./credentials.js";

export interface SignerOptions {
  /** The signing clock; tests pin it so signatures are reproducible. */
  now?: () => Date;
}

/** Signs upstream requests with one provider's credentials (signing keys are cached per day). */
export class BedrockSigner {
  private readonly signer: SignatureV4;
  private readonly now: () => Date;

  constructor(
    config: Pick<BedrockConfig, "region"> & BedrockCredentialsConfig,
    opts: SignerOptions = {},
    provider = "bedrock",
  ) {
    const require = createRequire(import.meta.url);
    const { SignatureV4: Signer } = require("@smithy/signature-v4") as { SignatureV4: typeof SignatureV4 };
    const { Sha256: Hash } = require("@aws-crypto/sha256-js") as { Sha256: typeof Sha256 };
    this.signer = new Signer({
      service: "bedrock",
      region: config.region,
      sha256: Hash,
      credentials: bedrockCredentials(config, provider),
    });
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Returns `headers` plus `x-amz-date`, `x-amz-content-sha256`, `authorization` (and
   * `x-amz-security-token`). `host` is signed but not returned: the HTTP client sets the same value
   * from the URL (`url.host`, port included when not the default).
   */
  async sign(url: string, headers: Record<string, string>, body: string): Promise<UpstreamRequest> {
    const u = new URL(url);
    const query: Record<string, string> = {};
    for (const [k, v] of u.searchParams) query[k] = v;
    const signed = await this.signer.sign(
      {
        method: "POST",
        protocol: u.protocol,
        hostname: u.hostname,
        ...(u.port ? { port: Number(u.port) } : {}),
        path: u.pathname,
        query,
        headers: { ...headers, host: u.host },
        body,
      },
      { signingDate: this.now() },
    );
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (k !== "host") out[k] = v;
    return { method: "POST", url, headers: out, body };
  }
}
