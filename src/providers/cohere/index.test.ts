import { describe, expect, it } from "vitest";
import { cohereProvider } from "./index.js";

describe("cohere config", () => {
  it("accepts a minimal config and defaults the base URL", () => {
    const p = cohereProvider.create("co", cohereProvider.schema.parse({ type: "cohere", api_key: "k" }));
    expect(p).toMatchObject({ name: "co", type: "cohere", origin: "https://api.cohere.com" });
    expect(p.passthrough).toBeUndefined();
  });

  it.each([
    [{ type: "cohere" }, "api_key"],
    [{ type: "cohere", api_key: "" }, "api_key"],
    [{ type: "cohere", api_key: "k", base_url: "not a url" }, "base_url"],
    [{ type: "cohere", api_key: "k", region: "eu" }, "region"],
  ])("rejects %j", (config, field) => {
    const r = cohereProvider.schema.safeParse(config);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(field);
  });
});
