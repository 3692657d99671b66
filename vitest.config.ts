import { defineConfig } from "vitest/config";

// Unit, model and statistics tests. The browser tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: { TZ: "UTC" },
    globalSetup: ["test/helpers/global-setup.ts"],
  },
});
