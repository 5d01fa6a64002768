/**
 * Registers the whole matrix for one client dialect: every target × every case, each run streamed
 * and not (in parallel), against one gateway and one set of emulators for the file. A case in
 * `EXCEPTIONS` is skipped with its reason; where it names a parameter, a test checks the clear 400
 * instead (and the drop-mode success with its warning).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_CASES } from "./all-cases.js";
import type { Client } from "./ask.js";
import { answered, type Case, type Dialect } from "./cases.js";
import { anthropicClient } from "./client-anthropic.js";
import { openaiClient } from "./client-openai.js";
import { responsesClient } from "./client-responses.js";
import { clientParam, type Exception, exceptionFor } from "./exceptions.js";
import { type Bench, KEY, startBench } from "./setup.js";
import { type ConformanceTarget, modelName, TARGETS } from "./targets.js";

const MODES = [false, true] as const;
const CLIENTS: Record<Dialect, (url: string, key: string) => Client> = {
  openai: openaiClient,
  anthropic: anthropicClient,
  responses: responsesClient,
};
const label = (stream: boolean) => (stream ? "[stream]" : "[json]");

async function labelled(stream: boolean, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof Error) err.message = `${label(stream)} ${err.message}`;
    throw err;
  }
}

export function conformanceSuite(dialect: Dialect): void {
  let bench: Bench;
  let client: Client;
  beforeAll(async () => {
    bench = await startBench();
    client = CLIENTS[dialect](bench.url, KEY);
  });
  afterAll(() => bench?.close());

  const runCase = (target: ConformanceTarget, c: Case) => () =>
    Promise.all(
      MODES.map((stream) =>
        labelled(stream, async () => {
          const nonce = `n${randomUUID().slice(0, 8)}`;
          const model = modelName(target, c.variant ?? "ok");
          const out = await client.send({ ...c.ask(nonce, dialect), model, stream });
          c.check({ out, target, dialect, stream, received: () => bench.received(nonce) });
        }),
      ),
    ).then(() => undefined);

  const runRefusal = (target: ConformanceTarget, c: Case, e: Exception) => () =>
    Promise.all(
      MODES.map((stream) =>
        labelled(stream, async () => {
          const ask = c.ask(`n${randomUUID().slice(0, 8)}`, dialect);
          const out = await client.send({ ...ask, model: modelName(target), stream });
          if (out.ok) throw new Error(`expected 400 unsupported_parameter, got an answer: ${out.text}`);
          expect({ status: out.status, code: out.code, param: out.param }).toEqual({
            status: 400,
            code: "unsupported_parameter",
            param: clientParam(e.param!, dialect),
          });
          expect(out.message).toContain(target.id);
          const dropped = answered(await client.send({ ...ask, model: modelName(target, "drop"), stream }));
          // Named as the client sent it: a Responses client reads `text.format`, not `response_format`.
          expect(dropped.warning).toContain(clientParam(e.param!, dialect));
        }),
      ),
    ).then(() => undefined);

  for (const target of TARGETS) {
    describe.concurrent(target.id, () => {
      for (const c of ALL_CASES) {
        if (c.only && !c.only.dialects.includes(dialect)) {
          it.skip(`${c.id} — not expressible in this dialect: ${c.only.reason}`, () => {});
          continue;
        }
        const e = exceptionFor(target.id, c.id, dialect);
        if (!e) {
          it(c.id, runCase(target, c));
          continue;
        }
        it.skip(`${c.id} — ${e.param ? "unsupported" : "not applicable"}: ${e.reason}`, () => {});
        if (e.param)
          it(`${c.id} is refused with 400 unsupported_parameter (${e.param})`, runRefusal(target, c, e));
      }
    });
  }
}
