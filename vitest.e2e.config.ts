import { defineConfig } from "vitest/config";

// Browser tests against dist/: run after `npm run build` (npm test does both).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts", "test/integration/publish-atomic.test.ts"],
    testTimeout: 120_000, // publish-atomic sets its own
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { TZ: "UTC" },
    globalSetup: ["test/helpers/global-setup.ts"],
  },
});
