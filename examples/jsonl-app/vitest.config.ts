import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "jsonl-app", include: ["test/**/*.test.ts"] },
});
