import { DIMENSIONS, type UsageFilter } from "@genie/usage-core";
import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectSummary, startWith } from "../operations.js";
import { BASE_TIME, makeRecord, makeRecords } from "../records.js";

const VALUES = ["x", "y", null] as const;

/** Every combination of x, y and unset over the five dimensions' first three. */
function dimensionRecords() {
  const records = [];
  let n = 0;
  for (const providerId of ["openai", "anthropic"]) {
    for (const callType of VALUES) {
      for (const userId of VALUES) {
        for (const sessionId of VALUES) {
          n += 1;
          records.push(
            makeRecord({
              providerId,
              modelName: n % 2 === 0 ? "x" : "y",
              callType,
              userId,
              sessionId,
              promptTokens: n,
              completionTokens: n * 2,
              costUsd: n % 5 === 0 ? null : n / 10,
              timestamp: BASE_TIME + n * 1000,
            }),
          );
        }
      }
    }
  }

  return records;
}

const TAGGED = makeRecords([
  { customTags: { team: "a", feature: "chat" }, promptTokens: 1 },
  { customTags: { team: "a", feature: "search" }, promptTokens: 2 },
  { customTags: { team: "b" }, promptTokens: 4 },
  { customTags: { team: 1 }, promptTokens: 8 },
  { customTags: { team: "1" }, promptTokens: 16 },
  { customTags: { team: true, beta: false }, promptTokens: 32 },
  { customTags: null, promptTokens: 64 },
  { customTags: { beta: false, team: "a" }, promptTokens: 128 },
]);

export function describeFilters(h: Harness): void {
  describe("filters", () => {
    h.test("every dimension: a value, null (not set), and an array of any of them", async () => {
      const records = dimensionRecords();
      const { recorder, reference } = await startWith(h, records);

      for (const key of DIMENSIONS) {
        const filters: UsageFilter[] = [
          { [key]: "x" },
          { [key]: null },
          { [key]: ["x", null] },
          { [key]: ["x", "y"] },
          { [key]: [] },
          { [key]: "absent" },
        ];
        for (const filter of filters) await expectSummary(recorder, reference, { filter });
      }
      await expectSummary(recorder, reference, {
        filter: { providerId: "openai", userId: ["x", null], sessionId: null, callType: "y" },
      });
    });

    h.test("tags: every given tag must match, with its type", async () => {
      const { recorder, reference } = await startWith(h, TAGGED);

      const filters: UsageFilter[] = [
        { tags: { team: "a" } },
        { tags: { team: "a", feature: "chat" } },
        { tags: { team: "a", beta: false } },
        { tags: { team: 1 } },
        { tags: { team: "1" } },
        { tags: { team: true } },
        { tags: { team: "true" } },
        { tags: { beta: false } },
        { tags: { feature: "none" } },
        { tags: { team: "a" }, providerId: "openai" },
      ];
      for (const filter of filters) await expectSummary(recorder, reference, { filter });
      const one = await expectSummary(recorder, reference, { filter: { tags: { team: 1 } } });
      expect(one.totalPromptTokens).toBe(8);
    });

    h.test("an empty tags filter gives no tag to match: every record passes", async () => {
      const { recorder, reference } = await startWith(h, TAGGED);

      const all = await expectSummary(recorder, reference, { filter: { tags: {} } });
      expect(all.totalRecords).toBe(TAGGED.length);
    });

    h.test("since is inclusive and until exclusive, to the millisecond", async () => {
      const since = BASE_TIME;
      const until = BASE_TIME + 10_000;
      const stamps = [since - 1, since, since + 1, until - 1, until, until + 1];
      const records = stamps.map((timestamp, i) =>
        makeRecord({ timestamp, promptTokens: 10 ** i }),
      );
      const { recorder, reference } = await startWith(h, records);

      const window = await expectSummary(recorder, reference, { filter: { since, until } });
      expect(window.totalPromptTokens).toBe(10 + 100 + 1000);
      const fromSince = await expectSummary(recorder, reference, { filter: { since } });
      expect(fromSince.totalRecords).toBe(5);
      const beforeUntil = await expectSummary(recorder, reference, { filter: { until } });
      expect(beforeUntil.totalRecords).toBe(4);
      const empty = await expectSummary(recorder, reference, { filter: { since, until: since } });
      expect(empty.totalRecords).toBe(0);
      const dates = { since: new Date(since + 1), until: new Date(until) };
      await expectSummary(recorder, reference, { filter: dates });
    });
  });
}
