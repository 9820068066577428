import { bucketStart, normalizeQuery, type UsageRecord } from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, type PostgresRecorder } from "../src/index.js";
import { dropSchema, POSTGRES_URL, record, referenceSummary, testSchema } from "./helpers.js";

const schema = testSchema("buckets");
let recorder: PostgresRecorder;

/** Daylight-saving changes of 2026, both ways, including a 30-minute one. */
const CHANGES = [
  Date.UTC(2026, 2, 8, 7), // America/New_York springs forward
  Date.UTC(2026, 10, 1, 6), // America/New_York falls back
  Date.UTC(2026, 2, 29, 1), // Europe/Berlin springs forward
  Date.UTC(2026, 9, 25, 1), // Europe/Berlin falls back
  Date.UTC(2026, 3, 4, 15), // Australia/Lord_Howe falls back 30 minutes
];
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"];

/** A record every 7 minutes from two days before to two days after each change. */
const records: UsageRecord[] = CHANGES.flatMap((change, c) =>
  Array.from({ length: (4 * 24 * 60) / 7 }, (_, i) =>
    record({
      providerId: "p",
      modelName: `m${i % 3}`,
      promptTokens: i,
      completionTokens: c,
      timestamp: change - 2 * 86_400_000 + i * 7 * 60_000 + 1234,
    }),
  ),
);

beforeAll(async () => {
  recorder = await createPostgresRecorder({ connectionString: POSTGRES_URL, schema });
  await recorder.recordBatch(records);
  await recorder.flush();
});

afterAll(async () => {
  await recorder?.close();
  await dropSchema(schema);
});

describe("time buckets", () => {
  for (const timeZone of ZONES) {
    for (const bucket of ["hour", "day", "week", "month"] as const) {
      it(`${bucket} in ${timeZone} equals the in-memory reference`, async () => {
        const query = { groupBy: [bucket, "modelName"] as const, timeZone };
        const summary = await recorder.getSummary(normalizeQuery(query));
        expect(summary).toEqual(referenceSummary(records, query));
      });
    }
  }

  it("keeps the two 01:00 hours of a fall-back apart", async () => {
    const query = { groupBy: ["hour"] as const, timeZone: "America/New_York" };
    const summary = await recorder.getSummary(normalizeQuery(query));
    const fallBack = CHANGES[1] as number;
    const starts = (summary.groups ?? []).map((g) => g.key.hour);
    expect(starts).toContain(fallBack - 3_600_000);
    expect(starts).toContain(fallBack);
    for (const start of starts) {
      expect(bucketStart(start as number, "hour", "America/New_York")).toBe(start);
    }
  });
});
