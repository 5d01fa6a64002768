/** The ledger half of the RecordStore contract (record-store.contract.ts registers it). */
import { expect, it } from "vitest";
import { StateInputError } from "./errors.js";
import type { LedgerRow, RecordStore } from "./record-types.js";

let seq = 0;

function row(base: number, overrides: Partial<LedgerRow> = {}): LedgerRow {
  return {
    timestamp: base,
    request_id: `req-${base}-${++seq}`,
    key: "app-a",
    consumer: "alice",
    team: "search",
    tenant: "acme",
    model: "gpt-4o-mini",
    provider: "primary",
    workflow: null,
    input_tokens: 100,
    output_tokens: 20,
    cached_tokens: 10,
    reasoning_tokens: 0,
    total_tokens: 120,
    cost_usd: 0.25,
    ...overrides,
  };
}

/** A time range of its own per test, so tests sharing a database do not see each other's rows. */
let epoch = 1_800_000_000_000;
const range = () => {
  epoch += 1_000_000;
  return epoch;
};

/** Registers the ledger tests; `stores()` gives two stores on one database. */
export function ledgerContract(stores: () => { store: RecordStore; peer: RecordStore }): void {
  appendTests(stores);
  sumTests(stores);
}

/** Appends: idempotent on request_id, validated before anything is written. */
function appendTests(stores: () => { store: RecordStore; peer: RecordStore }): void {
  it("appends rows once: a replayed request_id is skipped, also when two stores race", async () => {
    const { store, peer } = stores();
    const t = range();
    const rows = Array.from({ length: 30 }, (_, i) => row(t + i));
    const [a, b] = await Promise.all([store.append(rows), peer.append(rows)]);
    expect(a + b).toBe(30);
    expect(await store.append(rows.slice(0, 5))).toBe(0);
    expect(await store.append([])).toBe(0);
    const [total] = await peer.sum({ from: t, to: t + 1000 });
    expect(total).toMatchObject({ requests: 30, input_tokens: 3000, total_tokens: 3600 });
    expect(total?.cost_usd).toBeCloseTo(7.5, 9);
  });

  it("refuses bad rows and queries with StateInputError, appending nothing", async () => {
    const { store } = stores();
    const t = range();
    const bad: Partial<LedgerRow>[] = [
      { input_tokens: -1 },
      { output_tokens: 1.5 },
      { cost_usd: Number.NaN },
      { request_id: "" },
      { model: 5 as unknown as string },
    ];
    for (const override of bad) {
      await expect(store.append([row(t), row(t + 1, override)])).rejects.toBeInstanceOf(StateInputError);
    }
    expect((await store.sum({ from: t, to: t + 5 }))[0]?.requests).toBe(0);
    const queries = [
      { from: t, to: t + 5, groupBy: ["cost_usd" as "model"] },
      { from: t, to: t + 5, where: { "model; DROP TABLE tollgate_ledger": "x" } as Record<string, string> },
      { from: -5, to: t },
    ];
    for (const q of queries) await expect(store.sum(q)).rejects.toBeInstanceOf(StateInputError);
  });
}

/** Sums: range, filters, grouping, empty results. */
function sumTests(stores: () => { store: RecordStore; peer: RecordStore }): void {
  it("sums over [from, to), filtered by dimensions, grouped, with unknowns as null", async () => {
    const { store } = stores();
    const t = range();
    await store.append([
      row(t, { model: "claude", cost_usd: 1, output_tokens: 5 }),
      row(t + 1, { model: "gpt-4o-mini", cost_usd: 2 }),
      row(t + 2, { model: null, tenant: "other", cost_usd: 4 }),
      row(t + 3, { model: "claude", workflow: "triage", cost_usd: 8, reasoning_tokens: 7 }),
      row(t + 10, { model: "claude", cost_usd: 16 }),
    ]);
    const grouped = await store.sum({ from: t, to: t + 10, groupBy: ["model"] });
    expect(grouped.map((g) => [g.group.model, g.requests, g.cost_usd])).toEqual([
      [null, 1, 4],
      ["claude", 2, 9],
      ["gpt-4o-mini", 1, 2],
    ]);
    expect(grouped[1]).toMatchObject({ output_tokens: 25, reasoning_tokens: 7, cached_tokens: 20 });
    const acme = await store.sum({ from: t, to: t + 11, where: { tenant: "acme", model: "claude" } });
    expect(acme.map((g) => [g.requests, g.cost_usd])).toEqual([[3, 25]]);
    const untagged = await store.sum({
      from: t,
      to: t + 11,
      where: { workflow: null },
      groupBy: ["tenant", "key"],
    });
    expect(untagged.map((g) => [g.group, g.requests])).toEqual([
      [{ tenant: "acme", key: "app-a" }, 3],
      [{ tenant: "other", key: "app-a" }, 1],
    ]);
  });

  it("answers an empty range with one row of zeros, or no groups", async () => {
    const { store } = stores();
    const t = range();
    expect(await store.sum({ from: t, to: t + 5 })).toEqual([
      {
        group: {},
        requests: 0,
        input_tokens: 0,
        output_tokens: 0,
        cached_tokens: 0,
        reasoning_tokens: 0,
        total_tokens: 0,
        cost_usd: 0,
      },
    ]);
    expect(await store.sum({ from: t, to: t + 5, groupBy: ["team"] })).toEqual([]);
  });
}
