import { afterEach, describe } from "vitest";
import { describeFilters } from "./groups/filters.js";
import { describeLifecycle } from "./groups/lifecycle.js";
import { describeTotals } from "./groups/totals.js";
import { Harness } from "./harness.js";
import type { ConformanceTarget } from "./types.js";

/**
 * Registers the conformance tests for one recorder. Call it at the top level of
 * a vitest test file; each test gets a fresh store from `target.createRecorder`.
 */
export function runRecorderConformanceSuite(target: ConformanceTarget): void {
  const harness = new Harness(target);

  describe(`${target.name} recorder conformance`, () => {
    afterEach(() => harness.cleanup(), harness.timeoutMs);

    describeTotals(harness);
    describeFilters(harness);
    describeLifecycle(harness);
  });
}
