import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "genie-recorder-jsonl", include: ["test/**/*.test.ts"] },
});
