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
import { compile } from "../../src/config/compile.js";
import { validateConfig } from "../../src/config/load.js";
import { createGateway, type Gateway } from "../../src/server/server.js";
import { type Emulator, startAllEmulators } from "../emulators/index.js";
import { openaiCompatibleEmulator } from "../emulators/openai/index.js";
import { startEmulator } from "../emulators/server.js";
import { EMBEDDINGS_CASES, type EmbeddingsCheck, expectRefused } from "./embeddings-cases.js";
import { EMBEDDINGS_TARGETS, type EmbeddingsTarget, embeddingsConfig } from "./embeddings-targets.js";
import { KEY } from "./setup.js";

let all: Emulator;
let local: Emulator;
let gateway: Gateway;
let client: OpenAI;

beforeAll(async () => {
  all = await startAllEmulators();
  local = await startEmulator([openaiCompatibleEmulator]);
  const loaded = validateConfig(embeddingsConfig({ all: all.url, local: local.url }, KEY), {});
  if (!loaded.ok) throw new Error(`embeddings config invalid:\n${loaded.problems.join("\n")}`);
  gateway = createGateway(compile(loaded.config), { logger: pino({ level: "silent" }) });
  const addr = await gateway.listen(0, "127.0.0.1");
  client = new OpenAI({ baseURL: `http://127.0.0.1:${addr.port}/v1`, apiKey: KEY, maxRetries: 0 });
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
