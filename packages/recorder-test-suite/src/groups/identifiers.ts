import { DIMENSIONS, type Dimension, type UsageRecord } from "@genie/usage-core";
import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectClear, expectSummary, startWith } from "../operations.js";
import { AWKWARD_STRINGS, BASE_TIME, makeRecord, makeRecords } from "../records.js";

/** One record per awkward string in `dimension`, each with its own prompt count. */
function oneEach(dimension: Dimension): UsageRecord[] {
  return AWKWARD_STRINGS.map((value, i) =>
    makeRecord({ [dimension]: value, promptTokens: 2 ** i, timestamp: BASE_TIME + i }),
  );
}

const TAG_RECORDS = AWKWARD_STRINGS.filter((s) => !["__proto__", "constructor"].includes(s)).map(
  (value, i) =>
    makeRecord({
      customTags: { [value]: value, k: value },
      promptTokens: i + 1,
      timestamp: BASE_TIME + i,
    }),
);

export function describeIdentifiers(h: Harness): void {
  describe("awkward identifiers never collide and never match as patterns", () => {
    for (const dimension of DIMENSIONS) {
      h.test(`${dimension}: each value is its own group and matches only itself`, async () => {
        const records = oneEach(dimension);
        const { recorder, reference } = await startWith(h, records);

        await expectSummary(recorder, reference, { groupBy: [dimension] });
        for (const [i, value] of AWKWARD_STRINGS.entries()) {
          const only = await expectSummary(recorder, reference, { filter: { [dimension]: value } });
          expect(only.totalPromptTokens).toBe(2 ** i);
        }
        await expectSummary(recorder, reference, { filter: { [dimension]: ["a", "team*", "%"] } });
      });
    }

    h.test("modelName: byModel keeps every awkward name apart", async () => {
      const { recorder, reference } = await startWith(h, oneEach("modelName"));

      const summary = await expectSummary(recorder, reference);
      expect(Object.keys(summary.byModel).sort()).toEqual([...AWKWARD_STRINGS].sort());
    });

    h.test("tag names and values: grouped and filtered exactly", async () => {
      const { recorder, reference } = await startWith(h, TAG_RECORDS);

      for (const name of ["k", "a", "a:b", "team*", "%", "new\nline", "🚀"]) {
        await expectSummary(recorder, reference, { groupBy: [`tag:${name}`] });
      }
      for (const value of ["a", "a:b", "team*", "a_b", "\\", "[x]"]) {
        const only = await expectSummary(recorder, reference, { filter: { tags: { k: value } } });
        expect(only.totalRecords).toBe(1);
      }
    });

    h.test("user a:b with session c and user a with session b:c stay two groups", async () => {
      const records = makeRecords([
        { userId: "a:b", sessionId: "c", promptTokens: 1 },
        { userId: "a", sessionId: "b:c", promptTokens: 2 },
        { userId: "a", sessionId: "b", callType: "c", promptTokens: 4 },
        { userId: "null", sessionId: null, promptTokens: 8 },
        { userId: null, sessionId: "null", promptTokens: 16 },
      ]);
      const { recorder, reference } = await startWith(h, records);

      const summary = await expectSummary(recorder, reference, {
        groupBy: ["userId", "sessionId"],
      });
      expect(summary.groups).toHaveLength(5);
      await expectSummary(recorder, reference, { groupBy: ["userId", "sessionId", "callType"] });
    });

    h.test("clearing user team* removes only that user, and so on for each wildcard", async () => {
      const { recorder, reference } = await startWith(h, oneEach("userId"));

      for (const value of ["team*", "%", "_", "a_b", "?", "[x]", "{", "*", "\\", "a:b"]) {
        expect(await expectClear(recorder, reference, { userId: value })).toBe(1);
        await expectSummary(recorder, reference, { groupBy: ["userId"] });
      }
    });
  });
}
