import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
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
