import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "recorder-redis",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/start-cluster.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
