import { DIMENSIONS, type GroupByKey } from "@genie/usage-core";
import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectSummary, startWith } from "../operations.js";
import { BASE_TIME, makeRecords } from "../records.js";

const RECORDS = makeRecords(
  Array.from({ length: 36 }, (_, i) => ({
    providerId: ["openai", "anthropic", "ollama"][i % 3]!,
    modelName: ["m-b", "m-a", "M-c", "m-a"][i % 4]!,
    callType: i % 5 === 0 ? null : ["chat", "generate"][i % 2]!,
    userId: i % 4 === 0 ? null : `u${i % 3}`,
    sessionId: i % 6 === 0 ? null : `s${i % 2}`,
    customTags: i % 7 === 0 ? null : { team: ["b", "a", 2, 10, true, "10"][i % 6]!, env: "prod" },
    promptTokens: i + 1,
    completionTokens: i % 3 === 0 ? null : 2 * i,
    costUsd: i % 4 === 1 ? null : (i + 1) * 0.001,
    timestamp: BASE_TIME + i * 3_600_000,
  })),
);

const COMBINATIONS: GroupByKey[][] = [
  ["providerId", "modelName"],
  ["modelName", "providerId"],
  ["userId", "tag:team"],
  ["tag:team", "sessionId", "day"],
  ["callType", "userId", "sessionId", "hour"],
  ["tag:env", "tag:missing"],
];

export function describeGrouping(h: Harness): void {
  describe("groupBy", () => {
    h.test("every dimension alone, null as its own group, sorted null first", async () => {
      const { recorder, reference } = await startWith(h, RECORDS);

      for (const key of DIMENSIONS) {
        const summary = await expectSummary(recorder, reference, { groupBy: [key] });
        const counts = summary.groups?.map((g) => g.count) ?? [];
        expect(counts.reduce((a, b) => a + b, 0)).toBe(RECORDS.length);
      }
    });

    h.test("tag:<name> keeps each value with its type: 10, '10', true apart", async () => {
      const { recorder, reference } = await startWith(h, RECORDS);

      const summary = await expectSummary(recorder, reference, { groupBy: ["tag:team"] });
      const keys = summary.groups?.map((g) => g.key["tag:team"]);
      expect(keys).toEqual([null, true, 2, 10, "10", "a", "b"]);
    });

    h.test(
      "several dimensions at once, in the order given, with and without a filter",
      async () => {
        const { recorder, reference } = await startWith(h, RECORDS);

        for (const groupBy of COMBINATIONS) {
          await expectSummary(recorder, reference, { groupBy });
          await expectSummary(recorder, reference, {
            groupBy,
            filter: { providerId: ["openai", "ollama"], since: BASE_TIME + 3_600_000 },
          });
        }
      },
    );
  });
}
