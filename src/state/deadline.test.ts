import { describe, expect, it } from "vitest";
import { withDeadline } from "./deadline.js";
import { StateUnavailableError } from "./errors.js";

describe("withDeadline", () => {
  it("passes an answer through", async () => {
    await expect(withDeadline(Promise.resolve(7), "a read", 50)).resolves.toBe(7);
  });

  it("turns a call that never answers into StateUnavailableError naming it", async () => {
    const err = await withDeadline(new Promise(() => undefined), "key lookup", 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateUnavailableError);
    expect((err as Error).message).toContain("key lookup: no answer within 20 ms");
  });

  it("keeps the call's own failure, and a late failure after the deadline is not unhandled", async () => {
    await expect(withDeadline(Promise.reject(new Error("refused")), "a read", 50)).rejects.toThrow("refused");
    let fail: (e: Error) => void = () => undefined;
    const late = new Promise<never>((_, reject) => {
      fail = reject;
    });
    await expect(withDeadline(late, "a read", 10)).rejects.toBeInstanceOf(StateUnavailableError);
    fail(new Error("too late"));
    await new Promise((r) => setTimeout(r, 10));
  });
});
