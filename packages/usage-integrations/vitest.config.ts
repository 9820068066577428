import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "usage-integrations", include: ["test/**/*.test.ts"] },
});
