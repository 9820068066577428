import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectSummary, recordInOrder, startWith } from "../operations.js";
import { BASE_TIME, makeRecords } from "../records.js";
import { ReferenceStore } from "../reference/reference-store.js";

const PRICED = makeRecords([
  { modelName: "gpt-4o", promptTokens: 100, completionTokens: 20, costUsd: 0.1 },
  {
    modelName: "gpt-4o",
    promptTokens: 50,
    cachedPromptTokens: 30,
    completionTokens: 10,
    costUsd: 0.2,
  },
  {
    modelName: "o3",
    promptTokens: 7,
    completionTokens: 900,
    reasoningTokens: 800,
    totalTokens: 907,
    costUsd: 0.000001234,
    timestamp: BASE_TIME + 5,
  },
  {
    providerId: "anthropic",
    modelName: "claude",
    promptTokens: 1000,
    cacheWriteTokens: 400,
    cachedPromptTokens: 500,
    completionTokens: 3,
    costUsd: 0,
    timestamp: BASE_TIME - 5,
  },
]);

const UNPRICED = makeRecords([
  { modelName: "gpt-4o", promptTokens: 11, completionTokens: 4, costUsd: null },
  { modelName: "llama", promptTokens: null, completionTokens: 9, timestamp: BASE_TIME + 60_000 },
  { modelName: "llama", promptTokens: null, completionTokens: null, totalTokens: null },
]);

export function describeTotals(h: Harness): void {
  describe("totals and byModel", () => {
    h.test("sums every counter, the cost in whole nano-dollars, and each model apart", async () => {
      const { recorder, reference } = await startWith(h, PRICED);

      const summary = await expectSummary(recorder, reference);
      // Sums taken straight from the records above.
      expect(summary.totalRecords).toBe(4);
      expect(summary.totalPromptTokens).toBe(1157);
      expect(summary.totalCompletionTokens).toBe(933);
      expect(summary.totalCachedPromptTokens).toBe(530);
      expect(summary.totalCacheWriteTokens).toBe(400);
      expect(summary.totalReasoningTokens).toBe(800);
      expect(summary.totalCostUsd).toBe(0.300001234);
      expect(summary.byModel["gpt-4o"]?.costUsd).toBe(0.3);
      expect(summary.byModel.o3?.costUsd).toBe(0.000001234);
      expect(summary.firstTimestamp).toBe(BASE_TIME - 5);
      expect(summary.lastTimestamp).toBe(BASE_TIME + 5);
    });

    h.test(
      "counts records without a cost, and their tokens, apart from the priced ones",
      async () => {
        const recorder = await h.fresh();
        const reference = new ReferenceStore();
        reference.addAll([...PRICED, ...UNPRICED]);
        await recordInOrder(recorder, [...UNPRICED, ...PRICED]);

        const summary = await expectSummary(recorder, reference);
        expect(summary.unpricedRecords).toBe(3);
        expect(summary.unpricedTokens).toBe(15 + 9);
        expect(summary.totalCostUsd).toBe(0.300001234);
        expect(summary.byModel.llama?.unpricedRecords).toBe(2);
        expect(summary.byModel.llama?.count).toBe(2);
      },
    );

    h.test("a null count adds nothing, and a record with no counts still counts once", async () => {
      const { recorder, reference } = await startWith(h, UNPRICED);

      const summary = await expectSummary(recorder, reference);
      expect(summary.totalRecords).toBe(3);
      expect(summary.totalPromptTokens).toBe(11);
      expect(summary.totalTokensOverall).toBe(15 + 9);
    });

    h.test("sums many small costs exactly (1,000 × $0.000001234)", async () => {
      const records = makeRecords(
        Array.from({ length: 1000 }, (_, i) => ({
          costUsd: 0.000001234,
          timestamp: BASE_TIME + i,
        })),
      );
      const { recorder, reference } = await startWith(h, records);

      const summary = await expectSummary(recorder, reference);
      expect(summary.totalCostUsd).toBe(0.001234);
    });
  });
}
