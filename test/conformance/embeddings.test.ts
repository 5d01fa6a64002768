/**
 * The embeddings conformance table: every provider with an embeddings API × every embeddings
 * case, through the real gateway and the emulators, with the official `openai` SDK. A case a
 * provider cannot serve must be refused with 400 `unsupported_parameter` (and served, with a
 * warning, in drop mode). See docs/conformance.md.
 */
import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import { pino } from "pino";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Emulator, startAllEmulators, startLocalEmulators } from "../emulators/index.js";
import { EMBEDDINGS_CASES, type EmbeddingsCheck, expectRefused } from "./embeddings-cases.js";
import { EMBEDDINGS_TARGETS, type EmbeddingsTarget, embeddingsConfig } from "./embeddings-targets.js";
import { KEY } from "./setup.js";

let all: Emulator;
let local: Emulator;
let gateway: Gateway;
let client: OpenAI;

beforeAll(async () => {
  all = await startAllEmulators();
  local = await startLocalEmulators();
  gateway = createGateway({
    config: embeddingsConfig({ all: all.url, local: local.url }, KEY),
    env: {},
    logger: pino({ level: "silent" }),
  });
  const { url } = await gateway.listen({ port: 0, host: "127.0.0.1", admin: false });
  client = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close(0);
  await all?.close();
  await local?.close();
});

function check(target: EmbeddingsTarget): EmbeddingsCheck {
  const nonce = `n${randomUUID().slice(0, 8)}`;
  return {
    client,
    target,
    text: `The quick brown fox ${nonce}`,
    received: () => [...all.requests, ...local.requests].find((r) => JSON.stringify(r.body).includes(nonce)),
  };
}

for (const target of EMBEDDINGS_TARGETS) {
  describe.concurrent(`embeddings: ${target.id}`, () => {
    for (const c of EMBEDDINGS_CASES) {
      const refused = c.unsupported?.(target);
      if (!refused) {
        it(c.id, () => c.run(check(target)));
        continue;
      }
      it.skip(`${c.id} — unsupported: ${refused.reason}`, () => {});
      it(`${c.id} is refused with 400 unsupported_parameter (${refused.param})`, () =>
        expectRefused(check(target), refused.param));
    }
  });
}
