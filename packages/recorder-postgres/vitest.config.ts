import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "recorder-postgres",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One test restarts the server: no other file of this package may run meanwhile.
    fileParallelism: false,
  },
});
