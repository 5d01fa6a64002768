/**
 * Three gateway instances sharing one real Redis counter store (a key prefix of this run's own,
 * deleted afterwards) with `health_check: { shared: true }`. The same target id reaches a failing
 * emulator from nodes A and C and a healthy one from node B, as when two nodes lose their route
 * to a provider: B's own probes pass, but most of the fleet's verdicts fail, so B leaves the
 * target out; once A's and C's probes pass again, B takes it back. A model whose checks are not
 * shared keeps the target on B. Waits on explain with a deadline, never a fixed sleep.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATORS } from "../emulators/index.js";
import { type Emulator, type Fault, startEmulator } from "../emulators/server.js";
import { ask, closeNodes, type FleetNode, fleetBase, startNodes, until } from "../support/fleet-nodes.js";
import { describeSkipped, runId, serviceDown } from "../support/services.js";

const NAMES = ["sick", "well", "backup"] as const;
type Name = (typeof NAMES)[number];
const faults: Record<Name, () => Fault | undefined> = {
  sick: () => ({ error: "overloaded" }),
  well: () => undefined,
  backup: () => undefined,
};
const emulators = {} as Record<Name, Emulator>;
/** Chats that were not probes (a probe's prompt is "ping"). */
const servedBy = (name: Name) =>
  emulators[name].requests.filter((r) => r.op === "chat" && !JSON.stringify(r.body).includes('"ping"'))
    .length;

const redisDown = await serviceDown("Redis");
const prefix = `tgtest:${runId()}:fleet-health:`;
const TARGET = "main/gpt-4o-mini";

/** A node's config: `main` reaches the emulator `reach` (the same target id on every node). */
function config(reach: Name): unknown {
  const key = "sk-emulated-openai";
  const check = { interval_ms: 250, timeout_ms: 2000, unhealthy_after: 1, healthy_after: 1 };
  const targets = [
    { provider: "main", model: "gpt-4o-mini" },
    { provider: "backup", model: "gpt-4o-mini" },
  ];
  return {
    ...fleetBase(prefix),
    providers: {
      main: { type: "openai", base_url: `${emulators[reach].url}/v1`, api_key: key },
      backup: { type: "openai", base_url: `${emulators.backup.url}/v1`, api_key: key },
    },
    models: [
      { name: "fleet-checked", retries: { attempts: 0 }, health_check: { ...check, shared: true }, targets },
      { name: "node-checked", retries: { attempts: 0 }, health_check: check, targets },
    ],
  };
}

interface Check {
  status: string;
  shared?: boolean;
  fleet?: { unhealthy: number; healthy: number };
}

async function explain(
  n: FleetNode,
  model: string,
): Promise<{ check: Check | undefined; plan: Array<{ targets: string[]; left_out: string[] }> }> {
  const res = await fetch(`${n.url}/v1/tollgate/explain`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  const body = (await res.json()) as {
    targets: Array<{ id: string; health: { check?: Check } }>;
    plan: Array<{ targets: string[]; left_out: string[] }>;
  };
  return { check: body.targets.find((t) => t.id === TARGET)?.health.check, plan: body.plan };
}

if (redisDown) describeSkipped("three gateways sharing health-check verdicts", "Redis", redisDown);
else
  describe("three gateways sharing health-check verdicts", () => {
    let nodes: FleetNode[] = [];

    beforeAll(async () => {
      for (const name of NAMES)
        emulators[name] = await startEmulator(EMULATORS, { faults: () => faults[name]() });
      nodes = await startNodes([config("sick"), config("well"), config("sick")]);
    });

    afterAll(async () => {
      await closeNodes(nodes, prefix);
      for (const e of Object.values(emulators)) await e?.close();
    });

    it("a node whose own probes pass leaves the target out while most of the fleet's fail, then takes it back", async () => {
      const b = nodes[1]!;
      await until("node B to read the fleet's failing verdicts", async () => {
        const { check } = await explain(b, "fleet-checked");
        return (check?.fleet?.unhealthy ?? 0) > (check?.fleet?.healthy ?? 0);
      });
      const { check, plan } = await explain(b, "fleet-checked");
      expect(check!.fleet!.unhealthy).toBeGreaterThan(check!.fleet!.healthy);
      // B's own verdict is good; the fleet's decides.
      expect(check).toMatchObject({ status: "healthy", shared: true });
      expect(plan[0]).toEqual({ tier: 1, targets: ["backup/gpt-4o-mini"], left_out: [TARGET] });
      const before = servedBy("well");
      for (let i = 0; i < 3; i++) expect(await ask(b, "fleet-checked")).toBe("backup/gpt-4o-mini");
      expect(servedBy("well")).toBe(before);
      // The same targets with checks of B's own: B's verdict alone, so B keeps the target.
      expect(await ask(b, "node-checked")).toBe(TARGET);
      expect(servedBy("well")).toBe(before + 1);

      faults.sick = () => undefined;
      await until("node B to read the fleet's passing verdicts", async () => {
        const { check } = await explain(b, "fleet-checked");
        return check?.fleet !== undefined && check.fleet.unhealthy === 0;
      });
      expect(await ask(b, "fleet-checked")).toBe(TARGET);
    });
  });
