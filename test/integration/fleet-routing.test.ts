/**
 * Two gateway instances sharing one real Redis counter store (a key prefix of this run's own,
 * deleted afterwards): a breaker that node A's failures opened keeps node B off the failing
 * emulator, and latency measured on node A moves node B's traffic off a slow target. Waits for
 * the other node's background read with a deadline, never a fixed sleep.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATORS } from "../emulators/index.js";
import { type Emulator, type Fault, startEmulator } from "../emulators/server.js";
import { ask, closeNodes, type FleetNode, fleetBase, startNodes, until } from "../support/fleet-nodes.js";
import { describeSkipped, runId, serviceDown } from "../support/services.js";

const NAMES = ["flaky", "good", "slow", "fast"] as const;
type Name = (typeof NAMES)[number];
const faults: Record<Name, () => Fault | undefined> = {
  flaky: () => undefined,
  good: () => undefined,
  slow: () => ({ delayMs: 300 }),
  fast: () => undefined,
};
const emulators = {} as Record<Name, Emulator>;
const chatsOf = (name: Name) => emulators[name].requests.filter((r) => r.op === "chat").length;

const redisDown = await serviceDown("Redis");
const prefix = `tgtest:${runId()}:fleet:`;

function config(): unknown {
  const key = "sk-emulated-openai";
  const t = (provider: Name) => ({ provider, model: "gpt-4o-mini" });
  return {
    ...fleetBase(prefix),
    providers: {
      flaky: { type: "openai", base_url: `${emulators.flaky.url}/v1`, api_key: key },
      good: { type: "openai", base_url: `${emulators.good.url}/v1`, api_key: key },
      slow: { type: "openai", base_url: `${emulators.slow.url}/v1`, api_key: key },
      fast: { type: "openai", base_url: `${emulators.fast.url}/v1`, api_key: key },
    },
    models: [
      {
        name: "shared-breaker",
        retries: { attempts: 0 },
        breaker: { max_fails: 2, window_ms: 60_000, cooldown_ms: 60_000, shared: true },
        targets: [t("flaky"), t("good")],
      },
      {
        name: "shared-fastest",
        balancer: { algorithm: "lowest-latency", shared: true, explore: 0 },
        retries: { attempts: 0 },
        targets: [t("slow"), t("fast")],
      },
    ],
  };
}

interface ExplainTarget {
  id: string;
  health: { state: string; shared?: boolean };
  score: { score?: number; note?: string };
}

async function explain(n: FleetNode, model: string): Promise<ExplainTarget[]> {
  const res = await fetch(`${n.url}/v1/tollgate/explain`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  return ((await res.json()) as { targets: ExplainTarget[] }).targets;
}

if (redisDown) describeSkipped("two gateways sharing Redis", "Redis", redisDown);
else
  describe("two gateways sharing Redis", () => {
    let nodes: FleetNode[] = [];

    beforeAll(async () => {
      for (const name of NAMES)
        emulators[name] = await startEmulator(EMULATORS, { faults: () => faults[name]() });
      nodes = await startNodes([config(), config()]);
    });

    afterAll(async () => {
      await closeNodes(nodes, prefix);
      for (const e of Object.values(emulators)) await e?.close();
    });

    it("a breaker opened by node A's failures keeps node B from calling the failing target", async () => {
      const [a, b] = nodes as [FleetNode, FleetNode];
      faults.flaky = () => ({ error: "server" });
      // A's two failures on `flaky` fall back to `good` and open the breaker (fleet-wide).
      expect(await ask(a, "shared-breaker")).toBe("good/gpt-4o-mini");
      expect(await ask(a, "shared-breaker")).toBe("good/gpt-4o-mini");
      expect(chatsOf("flaky")).toBe(2);
      await until("node B to see the open breaker", async () => {
        const flaky = (await explain(b, "shared-breaker")).find((t) => t.id === "flaky/gpt-4o-mini");
        return flaky?.health.state === "open";
      });
      expect((await explain(b, "shared-breaker"))[0]?.health).toMatchObject({ state: "open", shared: true });
      for (let i = 0; i < 3; i++) expect(await ask(b, "shared-breaker")).toBe("good/gpt-4o-mini");
      expect(chatsOf("flaky")).toBe(2);
    });

    it("latency measured on node A moves node B's traffic off the slow target", async () => {
      const [a, b] = nodes as [FleetNode, FleetNode];
      // A tries each unmeasured target once, then keeps to the fast one.
      expect(await ask(a, "shared-fastest")).toBe("slow/gpt-4o-mini");
      expect(await ask(a, "shared-fastest")).toBe("fast/gpt-4o-mini");
      const slowCalls = chatsOf("slow");
      // A publishes once a second when it plans; B reads in the background when it explains.
      await until("node B to see A's latencies", async () => {
        expect(await ask(a, "shared-fastest")).toBe("fast/gpt-4o-mini");
        const [slow, fast] = await explain(b, "shared-fastest");
        return slow?.score.note === undefined && fast?.score.note === undefined;
      });
      const [slow, fast] = await explain(b, "shared-fastest");
      expect(slow!.score.score!).toBeGreaterThan(fast!.score.score!);
      // B never measured either target; on its own it would try `slow` (list order) first.
      for (let i = 0; i < 3; i++) expect(await ask(b, "shared-fastest")).toBe("fast/gpt-4o-mini");
      expect(chatsOf("slow")).toBe(slowCalls);
    });
  });
