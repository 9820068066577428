import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectClear, expectSummary, recordAtOnce, recordInOrder } from "../operations.js";
import { BASE_TIME, makeRecords } from "../records.js";
import { ReferenceStore } from "../reference/reference-store.js";

function dayOfRecords(count: number, salt: string) {
  return makeRecords(
    Array.from({ length: count }, (_, i) => ({
      id: `${salt}-${i}`,
      modelName: `model-${i % 3}`,
      userId: i % 4 === 0 ? null : `user:${i % 5}`,
      customTags: { shard: i % 2 === 0 ? "even" : "odd" },
      promptTokens: i,
      completionTokens: 2 * i,
      costUsd: i % 7 === 0 ? null : 0.001 * i,
      timestamp: BASE_TIME + i * 60_000,
    })),
  );
}

/** Registered only for targets that say their store outlives a recorder instance. */
export function describePersistence(h: Harness): void {
  if (!h.isPersistent) return;

  describe("persistence across close()", () => {
    h.test("every record accepted before close() is seen by a new instance", async () => {
      const first = await h.fresh();
      const records = dayOfRecords(500, "p");
      const reference = new ReferenceStore();
      reference.addAll(records);
      await recordAtOnce(first, records.slice(0, 400));
      if (first.recordBatch) await first.recordBatch(records.slice(400));
      else await recordInOrder(first, records.slice(400));

      // No flush(): close() alone must store everything accepted.
      const second = await h.closeAndReopen(first);
      const summary = await expectSummary(second, reference, { groupBy: ["userId"] });
      expect(summary.totalRecords).toBe(500);
    });

    h.test("clearRecords before close() stays cleared, and ids stay seen", async () => {
      const first = await h.fresh();
      const records = dayOfRecords(120, "c");
      const reference = new ReferenceStore();
      reference.addAll(records);
      await recordInOrder(first, records);
      await expectClear(first, reference, { tags: { shard: "odd" } });

      const second = await h.closeAndReopen(first);
      await expectSummary(second, reference, { groupBy: ["tag:shard"] });
      // Re-sending a record from before the close (a retry) still counts once.
      const kept = records.filter((r) => r.customTags?.shard === "even").slice(0, 10);
      await recordInOrder(second, kept);
      await expectSummary(second, reference);
    });

    h.test("a reopened store takes new records and sums old and new", async () => {
      const first = await h.fresh();
      const before = dayOfRecords(50, "before");
      const after = dayOfRecords(70, "after");
      const reference = new ReferenceStore();
      reference.addAll([...before, ...after]);
      await recordAtOnce(first, before);

      const second = await h.closeAndReopen(first);
      await recordAtOnce(second, after);
      const third = await h.closeAndReopen(second);
      await expectSummary(third, reference, { groupBy: ["modelName", "day"] });
    });
  });
}
