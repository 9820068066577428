import { afterEach, describe } from "vitest";
import { describeConcurrency } from "./groups/concurrency.js";
import { describeFacade } from "./groups/facade.js";
import { describeFilters } from "./groups/filters.js";
import { describeGrouping } from "./groups/grouping.js";
import { describeIdentifiers } from "./groups/identifiers.js";
import { describeLargeNumbers } from "./groups/large-numbers.js";
import { describeLifecycle } from "./groups/lifecycle.js";
import { describePersistence } from "./groups/persistence.js";
import { describeRandomized } from "./groups/randomized.js";
import { describeTimeBuckets } from "./groups/time-buckets.js";
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
    describeGrouping(harness);
    describeTimeBuckets(harness);
    describeLifecycle(harness);
    describeIdentifiers(harness);
    describeLargeNumbers(harness);
    describeConcurrency(harness);
    describePersistence(harness);
    describeFacade(harness);
    describeRandomized(harness);
  });
}
