import { defineConfig } from "vitest/config";

// Unit, model and statistics tests. The browser tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // publish-atomic builds the site about ten times: it runs with the browser tests (vitest.e2e.config.ts).
    exclude: ["test/e2e/**", "node_modules/**", "test/integration/publish-atomic.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: { TZ: "UTC" },
    globalSetup: ["test/helpers/global-setup.ts"],
  },
});
