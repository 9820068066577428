import { normalizeFilter, normalizeQuery } from "@genie/usage-core";
import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import {
  expectClear,
  expectSameSummary,
  expectSummary,
  recordAtOnce,
  recordInOrder,
  startWith,
} from "../operations.js";
import { BASE_TIME, makeRecord, makeRecords } from "../records.js";
import { ReferenceStore } from "../reference/reference-store.js";

/**
 * Records with caller ids: only those may be sent twice. A generated id is new
 * by construction, so a recorder may skip remembering it.
 */
function mixedRecords(salt = "mixed") {
  return makeRecords(
    Array.from({ length: 40 }, (_, i) => ({
      id: `${salt}-${i}`,
      providerId: i % 3 === 0 ? "anthropic" : "openai",
      modelName: `model-${i % 4}`,
      userId: i % 5 === 0 ? null : `user-${i % 3}`,
      customTags: i % 2 === 0 ? { team: `t${i % 4}` } : null,
      promptTokens: i * 10,
      completionTokens: i,
      costUsd: i % 6 === 0 ? null : i * 0.01,
      timestamp: BASE_TIME + i * 60_000,
    })),
  );
}

export function describeLifecycle(h: Harness): void {
  describe("empty store, idempotent ids, clearRecords", () => {
    h.test("an empty store gives zeros, an empty byModel and no groups", async () => {
      const recorder = await h.fresh();
      const reference = new ReferenceStore();

      const summary = await expectSummary(recorder, reference);
      expect(summary.totalRecords).toBe(0);
      expect(summary.firstTimestamp).toBeNull();
      const grouped = await expectSummary(recorder, reference, { groupBy: ["modelName", "day"] });
      expect(grouped.groups).toEqual([]);
      expect(await recorder.clearRecords(undefined)).toBe(0);
      expect(await recorder.clearRecords(normalizeFilter({ userId: "u" }))).toBe(0);
    });

    h.test("the same id recorded twice, in turn or at once, counts once", async () => {
      const recorder = await h.fresh();
      const once = makeRecord({ id: "retry-1", promptTokens: 5, costUsd: 0.1 });
      const racing = makeRecord({ id: "retry-2", promptTokens: 7, costUsd: 0.2 });
      const sameContent = makeRecords([{ promptTokens: 5 }, { promptTokens: 5 }]);
      const reference = new ReferenceStore();
      reference.addAll([once, racing, ...sameContent]);

      await recorder.recordUsage(once);
      await recorder.recordUsage(once);
      await recordAtOnce(
        recorder,
        Array.from({ length: 20 }, () => racing),
      );
      await recordInOrder(recorder, sameContent);
      const summary = await expectSummary(recorder, reference);
      expect(summary.totalRecords).toBe(4);
      expect(summary.totalPromptTokens).toBe(5 + 7 + 5 + 5);
    });

    h.test("recordBatch, when offered, stores each record once", async () => {
      const recorder = await h.fresh();
      const records = mixedRecords();
      const reference = new ReferenceStore();
      reference.addAll(records);
      const first = records.slice(0, 25);
      if (recorder.recordBatch) {
        await recorder.recordBatch(first);
        await recorder.recordBatch([...records.slice(20), records[0]!]);
      } else {
        await recordInOrder(recorder, [...first, ...records.slice(20)]);
      }

      await expectSummary(recorder, reference, { groupBy: ["modelName"] });
    });

    h.test("clearRecords without a filter removes everything and says how many", async () => {
      const records = mixedRecords();
      const { recorder, reference } = await startWith(h, records);

      expect(await expectClear(recorder, reference, undefined)).toBe(40);
      await expectSummary(recorder, reference, { groupBy: ["userId"] });
      const later = mixedRecords("later").slice(0, 3);
      await recordInOrder(recorder, later);
      reference.addAll(later);
      await expectSummary(recorder, reference);
    });

    h.test("clearRecords with a filter removes only the matches and says how many", async () => {
      const records = mixedRecords();
      const { recorder, reference } = await startWith(h, records);

      await expectClear(recorder, reference, { userId: "user-1" });
      await expectSummary(recorder, reference, { groupBy: ["userId", "modelName"] });
      await expectClear(recorder, reference, { userId: null, providerId: "anthropic" });
      await expectSummary(recorder, reference, { groupBy: ["userId"] });
      await expectClear(recorder, reference, { tags: { team: "t2" } });
      await expectClear(recorder, reference, { since: BASE_TIME + 20 * 60_000 });
      await expectClear(recorder, reference, { until: BASE_TIME + 3 * 60_000 });
      await expectClear(recorder, reference, { modelName: "nothing" });
      await expectSummary(recorder, reference, { groupBy: ["tag:team"] });
      // An empty filter object is a filter that matches everything.
      await expectClear(recorder, reference, {});
      await expectSummary(recorder, reference);
    });

    h.test("a summary right after recordUsage resolves already counts the record", async () => {
      const records = mixedRecords().slice(0, 5);
      const { recorder, reference } = await startWith(h, records);

      const query = normalizeQuery({ groupBy: ["modelName"] });
      expectSameSummary(await recorder.getSummary(query), reference, { groupBy: ["modelName"] });
    });

    h.test("clearRecords also removes records accepted but not yet flushed", async () => {
      const recorder = await h.fresh();
      const records = mixedRecords();
      await recordAtOnce(recorder, records);

      expect(await recorder.clearRecords(undefined)).toBe(records.length);
      await expectSummary(recorder, new ReferenceStore());
    });
  });
}
