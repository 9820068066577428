import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "recorder-test-suite", include: ["test/**/*.test.ts"] },
});
