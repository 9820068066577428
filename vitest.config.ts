import { defineConfig } from "vitest/config";

// One run over every package's tests (unit `*.test.ts` and server-backed `*.int.test.ts`).
export default defineConfig({
  test: {
    projects: ["packages/*", "examples/*"],
  },
});
