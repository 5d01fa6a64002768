import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import type { ChatRequest } from "../../canonical/chat.js";
import { goldenSuite } from "./__fixtures__/suite.js";
import { openaiProvider } from "./index.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__");

describe("openai golden fixtures", () => {
  const provider = openaiProvider.create("openai", {
    type: "openai",
    api_key: "sk-test-key",
    organization: "org-test",
    project: "proj_test",
  });
  goldenSuite(provider, FIXTURES, { provider: "openai", model: "gpt-4o" });
});

describe("openai encode: images in tool results (issue 9, item 14)", () => {
  it("moves them to a user message after the tool messages, with a warning", async () => {
    const provider = openaiProvider.create("openai", { type: "openai", api_key: "sk-test-key" });
    const { _source, ...req } = JSON.parse(
      readFileSync(join(FIXTURES, "inputs", "tool-result-image.json"), "utf8"),
    ) as ChatRequest & { _source: string };
    const warnings: string[] = [];
    const ctx = {
      target: { provider: "openai", model: "gpt-4o" },
      onUnsupported: "error" as const,
      warn: (m: string) => warnings.push(m),
    };
    const up = await provider.chat.encode(req, ctx);
    const body = JSON.parse(String(up.body));
    expectGolden(join(FIXTURES, "requests", "tool-result-image.json"), body.messages);
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool", "user"]);
    expect(JSON.stringify(body.messages[2])).not.toContain("image_url");
    expect(body.messages[3].content[1].type).toBe("image_url");
    expect(warnings.join()).toMatch(/only text in tool messages/);
  });
});
