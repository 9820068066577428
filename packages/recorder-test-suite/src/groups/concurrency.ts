import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectSummary, recordAtOnce } from "../operations.js";
import { BASE_TIME, makeRecord, makeRecords } from "../records.js";
import { ReferenceStore } from "../reference/reference-store.js";

const CALLS = 10_000;

function manyRecords(count: number, salt: number) {
  return makeRecords(
    Array.from({ length: count }, (_, i) => ({
      modelName: `model-${i % 10}`,
      userId: `user-${(i * 7) % 13}`,
      promptTokens: (i % 97) + salt,
      completionTokens: i % 31,
      costUsd: i % 11 === 0 ? null : ((i % 5) + 1) * 0.000001,
      timestamp: BASE_TIME + (i % 500) * 1000,
    })),
  );
}

export function describeConcurrency(h: Harness): void {
  describe("concurrency", () => {
    h.test(
      `${CALLS.toLocaleString("en-US")} concurrent recordUsage calls, exact totals`,
      async () => {
        const recorder = await h.fresh();
        const records = manyRecords(CALLS, 1);
        const reference = new ReferenceStore();
        reference.addAll(records);
        await recordAtOnce(recorder, records);

        const summary = await expectSummary(recorder, reference, { groupBy: ["userId"] });
        expect(summary.totalRecords).toBe(CALLS);
        expect(summary.totalPromptTokens).toBe(records.reduce((a, r) => a + r.promptTokens!, 0));
      },
    );

    h.test("concurrent batches and single calls together, exact totals", async () => {
      const recorder = await h.fresh();
      const records = manyRecords(2000, 3);
      const reference = new ReferenceStore();
      reference.addAll(records);
      const batches = Array.from({ length: 10 }, (_, i) => records.slice(i * 100, i * 100 + 100));
      const pending = batches.map((batch) =>
        recorder.recordBatch ? recorder.recordBatch(batch) : recordAtOnce(recorder, batch),
      );
      await Promise.all([...pending, recordAtOnce(recorder, records.slice(1000))]);

      await expectSummary(recorder, reference, { groupBy: ["modelName"] });
    });

    h.test("100 concurrent calls with one id store it once", async () => {
      const recorder = await h.fresh();
      const record = makeRecord({ id: "same-id", promptTokens: 3, costUsd: 0.5 });
      const others = manyRecords(100, 5);
      const reference = new ReferenceStore();
      reference.addAll([record, ...others]);
      const copies = Array.from({ length: 100 }, () => record);
      await recordAtOnce(
        recorder,
        others.flatMap((other, i) => [other, copies[i]!]),
      );

      await expectSummary(recorder, reference);
    });
  });
}
