import { defineConfig } from "vitest/config";

export default defineConfig({
  // Examples import the package by name, as users do; tests run them against the source.
  resolve: { alias: { tollgate: new URL("./src/index.ts", import.meta.url).pathname } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
  },
});
