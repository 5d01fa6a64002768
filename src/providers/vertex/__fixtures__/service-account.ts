/** Test helpers for the vertex tests (kept under __fixtures__ so the build leaves it out). */
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
