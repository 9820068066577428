import { InvalidUsageRecordError, validateUsageRecord } from "@genie/usage-core";
import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectSummary, startWith } from "../operations.js";
import { BASE_TIME, makeRecords } from "../records.js";

const TWO_32 = 2 ** 32;
const TWO_52 = 2 ** 52;

export function describeLargeNumbers(h: Harness): void {
  describe("large numbers", () => {
    h.test("sums past 2^32 stay exact, per model and per group too", async () => {
      const records = makeRecords(
        Array.from({ length: 6 }, (_, i) => ({
          modelName: i % 2 === 0 ? "big" : "bigger",
          promptTokens: TWO_32 - 1 + i,
          completionTokens: TWO_32 + 7,
          timestamp: BASE_TIME + i,
        })),
      );
      const { recorder, reference } = await startWith(h, records);

      const summary = await expectSummary(recorder, reference, { groupBy: ["modelName", "day"] });
      expect(summary.totalPromptTokens).toBe(6 * (TWO_32 - 1) + 15);
      expect(summary.totalTokensOverall).toBe(6 * (TWO_32 - 1) + 15 + 6 * (TWO_32 + 7));
    });

    h.test("two counts of 2^52 sum to exactly 2^53", async () => {
      const records = makeRecords([
        { promptTokens: TWO_52, completionTokens: 0, costUsd: 1e6 },
        { promptTokens: TWO_52, completionTokens: 1, costUsd: 0.000000001 },
      ]);
      const { recorder, reference } = await startWith(h, records);

      const summary = await expectSummary(recorder, reference);
      expect(summary.totalPromptTokens).toBe(2 ** 53);
      expect(summary.totalCostUsd).toBe(1000000.000000001);
    });

    h.test("a single count above 2^53 - 1 is rejected before any recorder sees it", async () => {
      const recorder = await h.fresh();
      const tooBig = { providerId: "p", modelName: "m", promptTokens: Number.MAX_SAFE_INTEGER + 1 };

      expect(() => validateUsageRecord(tooBig)).toThrow(InvalidUsageRecordError);
      expect(() => validateUsageRecord({ ...tooBig, promptTokens: 2 ** 64 })).toThrow(
        InvalidUsageRecordError,
      );
      const summary = await recorder.getSummary({ filter: {}, groupBy: [], timeZone: "UTC" });
      expect(summary.totalRecords).toBe(0);
    });
  });
}
