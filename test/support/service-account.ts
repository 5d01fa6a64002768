/** A Google service-account key for tests (Vertex AI and its emulator's token endpoint). */
import { generateKeyPairSync } from "node:crypto";

let pem: string | undefined;

/** A throwaway service-account key whose token_uri points at `tokenUri`. */
export function testServiceAccount(tokenUri: string): string {
  pem ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  return JSON.stringify({
    type: "service_account",
    project_id: "tollgate-test",
    private_key_id: "0123456789abcdef",
    private_key: pem,
    client_email: "gateway@tollgate-test.iam.gserviceaccount.com",
    client_id: "100000000000000000000",
    token_uri: tokenUri,
  });
}

/**
 * A Vertex AI provider's keys (all but `type`) for an emulator at `url`: its token endpoint and
 * base URL, project `tollgate-test` in `us-central1`.
 */
export function emulatedGoogleCloud(url: string): Record<string, string> {
  return {
    project: "tollgate-test",
    location: "us-central1",
    credentials: testServiceAccount(`${url}/token`),
    token_url: `${url}/token`,
    base_url: url,
  };
}
