import { describe, expect, it } from "vitest";
import { consistentHashBalancer } from "./consistent-hash.js";
import { planInput, pool } from "./test-input.js";

type T = ReturnType<typeof pool>[number];
const prompts = Array.from({ length: 2000 }, (_, i) => `You are agent ${i}. Follow the house rules.`);

describe("consistent-hash", () => {
  it("keeps a prompt prefix on one target, whatever the user message", () => {
    const ts = pool(5);
    const b = consistentHashBalancer<T>({ hash_on: "prefix" });
    for (const system of prompts.slice(0, 50)) {
      const firsts = new Set(
        ["hi", "what is 2+2?", "write a poem"].map((user) => b.plan(ts, planInput({ system, user }))[0]!.id),
      );
      expect(firsts.size).toBe(1);
    }
  });

  it("tools are part of the prefix; a long system prompt hashes by length, head and tail", () => {
    const ts = pool(8);
    const b = consistentHashBalancer<T>({});
    const firstFor = (tools: string[]) =>
      new Set(prompts.slice(0, 40).map((system) => b.plan(ts, planInput({ system, tools }))[0]!.id));
    const withTools = prompts
      .slice(0, 40)
      .map((system) => b.plan(ts, planInput({ system, tools: ["search"] }))[0]);
    const without = prompts.slice(0, 40).map((system) => b.plan(ts, planInput({ system }))[0]);
    expect(withTools).not.toEqual(without);
    expect(firstFor(["search"]).size).toBeGreaterThan(1);
    const long = `${"x".repeat(5000)}`;
    const a = b.plan(ts, planInput({ system: `${long}a` }))[0];
    expect(b.plan(ts, planInput({ system: `${long}a`, user: "other" }))[0]).toBe(a);
  });

  it("spreads keys by weight over the ring", () => {
    const ts = pool(3, [2, 1, 1]);
    const b = consistentHashBalancer<T>({});
    const counts: Record<string, number> = {};
    for (const system of prompts) {
      const id = b.plan(ts, planInput({ system }))[0]!.id;
      counts[id] = (counts[id] ?? 0) + 1;
    }
    // Expected 1000 / 500 / 500; virtual nodes keep each share within ±20%.
    expect(counts["p/t1"]!).toBeGreaterThan(800);
    expect(counts["p/t1"]!).toBeLessThan(1200);
    for (const id of ["p/t2", "p/t3"]) {
      expect(counts[id]!).toBeGreaterThan(400);
      expect(counts[id]!).toBeLessThan(600);
    }
  });

  it("leaving a target out moves only its keys, and they come back when it does", () => {
    const ts = pool(5);
    const b = consistentHashBalancer<T>({});
    const before = prompts.map((system) => b.plan(ts, planInput({ system }))[0]!);
    const without = ts.filter((t) => t.id !== "p/t3");
    const after = prompts.map((system) => b.plan(without, planInput({ system }))[0]!);
    let moved = 0;
    for (const [i, t] of before.entries()) {
      if (t.id === "p/t3") expect(after[i]!.id).not.toBe("p/t3");
      else expect(after[i]).toBe(t);
      if (after[i] !== t) moved++;
    }
    expect(moved).toBe(before.filter((t) => t.id === "p/t3").length);
    expect(prompts.map((system) => b.plan(ts, planInput({ system }))[0]!)).toEqual(before);
  });

  it("the ring is the same in a new balancer (another node, a reload)", () => {
    const ts = pool(4);
    const one = consistentHashBalancer<T>({});
    const two = consistentHashBalancer<T>({});
    const shuffled = [ts[2]!, ts[0]!, ts[3]!, ts[1]!];
    for (const system of prompts.slice(0, 100)) {
      expect(two.plan(shuffled, planInput({ system }))[0]!.id).toBe(
        one.plan(ts, planInput({ system }))[0]!.id,
      );
    }
  });

  it("hashes on a header or the consumer; a request without the key goes round-robin", () => {
    const ts = pool(3);
    const byHeader = consistentHashBalancer<T>({ hash_on: "header:X-Session" });
    const s1 = planInput({ headers: { "x-session": "abc" } });
    const first = byHeader.plan(ts, s1)[0];
    for (let i = 0; i < 5; i++) expect(byHeader.plan(ts, s1)[0]).toBe(first);
    const keyless = new Set(Array.from({ length: 3 }, () => byHeader.plan(ts, planInput())[0]!.id));
    expect(keyless.size).toBe(3);
    expect(byHeader.scores!(ts, planInput())[0]!.note).toMatch(/round-robin/);

    const byConsumer = consistentHashBalancer<T>({ hash_on: "consumer" });
    const c = byConsumer.plan(ts, planInput({ consumer: "team-a" }))[0];
    expect(byConsumer.plan(ts, planInput({ consumer: "team-a", user: "x" }))[0]).toBe(c);
  });

  it("the plan lists every target once (the rest follow on the ring)", () => {
    const ts = pool(10);
    const plan = consistentHashBalancer<T>({}).plan(ts, planInput({ system: "s" }));
    expect(new Set(plan)).toEqual(new Set(ts));
    expect(plan).toHaveLength(10);
  });
});
