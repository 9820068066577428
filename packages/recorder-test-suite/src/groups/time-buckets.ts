import { TIME_BUCKETS } from "@genie/usage-core";
import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { expectSummary, startWith } from "../operations.js";
import { makeRecords } from "../records.js";
import { localTime } from "../reference/local-time.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Zones and instants where the local clock jumps, and what makes each one hard. */
export const CLOCK_CHANGES: readonly { zone: string; at: number; why: string }[] = [
  { zone: "Europe/Berlin", at: Date.UTC(2024, 2, 31, 1), why: "02:00 skipped" },
  { zone: "Europe/Berlin", at: Date.UTC(2024, 9, 27, 1), why: "02:00-03:00 twice" },
  { zone: "America/New_York", at: Date.UTC(2024, 10, 3, 6), why: "01:00-02:00 twice" },
  { zone: "America/Santiago", at: Date.UTC(2024, 8, 8, 4), why: "midnight skipped" },
  { zone: "America/Asuncion", at: Date.UTC(2024, 2, 24, 3), why: "23:00 twice, after midnight" },
  { zone: "Australia/Lord_Howe", at: Date.UTC(2024, 3, 6, 15), why: "half-hour change" },
  { zone: "Asia/Kolkata", at: Date.UTC(2024, 2, 31, 0), why: "half-hour offset, no change" },
  { zone: "Antarctica/Casey", at: Date.UTC(2020, 2, 7, 16), why: "offset moved 3 hours" },
];

/** A record every `step` ms over `span` ms either side of `at`. */
function recordsAround(at: number, span: number, step: number) {
  const inputs = [];
  for (let t = at - span, i = 0; t <= at + span; t += step, i += 1) {
    inputs.push({ timestamp: t, promptTokens: i + 1, costUsd: i % 3 === 0 ? null : 0.01 });
  }

  return makeRecords(inputs);
}

/** Records on each side of UTC bucket edges: midnight, Monday, month and year ends. */
const UTC_EDGES = [
  Date.UTC(2024, 1, 29),
  Date.UTC(2024, 2, 1),
  Date.UTC(2024, 11, 30),
  Date.UTC(2025, 0, 1),
  Date.UTC(2025, 0, 6),
].flatMap((edge) => [edge - 1, edge, edge + 1, edge + HOUR - 1, edge + HOUR]);

export function describeTimeBuckets(h: Harness): void {
  describe("time buckets", () => {
    h.test("hour, day, week and month in UTC, at the bucket edges", async () => {
      const records = makeRecords(
        UTC_EDGES.map((timestamp, i) => ({ timestamp, promptTokens: i })),
      );
      const { recorder, reference } = await startWith(h, records);

      for (const bucket of TIME_BUCKETS) {
        await expectSummary(recorder, reference, { groupBy: [bucket] });
        await expectSummary(recorder, reference, { groupBy: [bucket], timeZone: "UTC" });
      }
      const weeks = await expectSummary(recorder, reference, { groupBy: ["week"] });
      // 2024-12-30 is the Monday of the ISO week that holds 2025-01-01.
      expect(weeks.groups?.map((g) => g.key.week)).toContain(Date.UTC(2024, 11, 30));
    });

    for (const { zone, at, why } of CLOCK_CHANGES) {
      h.test(`every bucket in ${zone} across a clock change (${why})`, async () => {
        const records = recordsAround(at, 2 * DAY, 20 * MINUTE);
        const { recorder, reference } = await startWith(h, records);

        for (const bucket of TIME_BUCKETS) {
          await expectSummary(recorder, reference, { groupBy: [bucket], timeZone: zone });
          await expectSummary(recorder, reference, {
            groupBy: ["modelName", bucket],
            timeZone: zone,
            filter: { since: at - 3 * HOUR, until: at + 3 * HOUR },
          });
        }
      });
    }

    h.test("the two 01:00 hours of New York's fall-back stay two groups", async () => {
      const zone = "America/New_York";
      const firstOne = Date.UTC(2024, 10, 3, 5);
      const records = recordsAround(firstOne + HOUR, HOUR, 10 * MINUTE);
      const { recorder, reference } = await startWith(h, records);

      const summary = await expectSummary(recorder, reference, {
        groupBy: ["hour"],
        timeZone: zone,
      });
      const starts = summary.groups?.map((g) => g.key.hour as number) ?? [];
      expect(starts).toContain(firstOne);
      expect(starts).toContain(firstOne + HOUR);
      expect(localTime(firstOne, zone).hour).toBe(1);
      expect(localTime(firstOne + HOUR, zone).hour).toBe(1);
    });
  });
}
