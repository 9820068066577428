import { defineConfig } from "vitest/config";

// One run over every package's tests (unit `*.test.ts` and server-backed `*.int.test.ts`).
// CI sets GENIE_TEST_REPORT to also write a JSON report it totals.
const report = process.env.GENIE_TEST_REPORT;

export default defineConfig({
  test: {
    projects: ["packages/*", "examples/*"],
    reporters: report ? ["default", "json"] : ["default"],
    ...(report ? { outputFile: { json: report } } : {}),
  },
});
