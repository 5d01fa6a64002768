/**
 * Where Bedrock's signing credentials come from: the static keys of the config, or else the AWS
 * SDK's default chain, `fromNodeProviderChain` of `@aws-sdk/credential-providers`
 * (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html):
 * environment variables, SSO, the shared credentials and config files (profiles, assume-role,
 * `credential_process`), web identity tokens, then container and instance metadata roles. The
 * chain caches what it found and refreshes it before it expires; it loads on first use.
 */
import { createRequire } from "node:module";
import type { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { GatewayError } from "../../canonical/errors.js";
import type { BedrockConfig } from "./config.js";

type CredentialsProvider = ReturnType<typeof fromNodeProviderChain>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;

export type BedrockCredentialsConfig = Pick<
  BedrockConfig,
  "access_key_id" | "secret_access_key" | "session_token" | "profile"
>;

/** Static credentials as they are, or a provider for the default chain. */
export function bedrockCredentials(
  config: BedrockCredentialsConfig,
  provider: string,
): Credentials | (() => Promise<Credentials>) {
  if (config.access_key_id && config.secret_access_key) {
    return {
      accessKeyId: config.access_key_id,
      secretAccessKey: config.secret_access_key,
      ...(config.session_token ? { sessionToken: config.session_token } : {}),
    };
  }
  const require = createRequire(import.meta.url);
  const chain = (
    require("@aws-sdk/credential-providers") as { fromNodeProviderChain: typeof fromNodeProviderChain }
  ).fromNodeProviderChain(config.profile ? { profile: config.profile } : {});
  return async () => {
    try {
      return await chain();
    } catch {
      // why: the chain's own error lists what it tried (file paths, metadata endpoints); the
      // operator needs the fix, and nothing of the host goes to the client.
      throw new GatewayError({
        status: 502,
        kind: "upstream",
        code: "provider_credentials_unavailable",
        message: `Bedrock provider '${provider}' found no AWS credentials: set access_key_id and secret_access_key, or provide credentials to the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE with the shared credentials file, SSO, a container or instance role).`,
        provider,
      });
    }
  };
}
