import type { Genie, UsageFilter, UsageRecordInput } from "@genie/usage-core";
import { beforeAll, describe, expect, it } from "vitest";
import memoryRecorderPlugin from "../src/index.js";
import { createGenie } from "./create-genie.js";
import { utcDayStart, utcMonthStart, utcWeekStart, zonedDayStart } from "./local-time.js";
import { referenceSummary } from "./reference-summary.js";
import { sampleRecords } from "./sample-records.js";

const records = sampleRecords(3000, 7);
let genie: Genie;

beforeAll(async () => {
  genie = await createGenie({
    features: { tokenUsageRecorder: memoryRecorderPlugin },
  });
  for (const r of records) await genie.usage.recordUsage(r);
});

const FILTERS: Record<string, UsageFilter> = {
  "one model": { modelName: "gpt-4o" },
  "several users": { userId: ["user-1", "user-2", "user-9"] },
  "user not set": { userId: null },
  "call type set or not": { callType: [null, "chat"] },
  "session and provider": { sessionId: "session-3", providerId: ["openai", "ollama"] },
  "no such value": { modelName: "missing" },
  "string tag": { tags: { team: "a" } },
  "number tag is not its string": { tags: { team: 1 } },
  "string tag looking like a number": { tags: { team: "1" } },
  "boolean tag": { tags: { team: true } },
  "two tags": { tags: { team: "b", feature: "chat" } },
  "no tags asked for": { tags: {} },
  "since inclusive": { since: records[10]?.timestamp as number },
  "until exclusive": { until: records[10]?.timestamp as number },
  "since and until": {
    since: new Date(Date.UTC(2026, 2, 29)),
    until: Date.UTC(2026, 2, 31, 12),
  },
  everything: {
    modelName: ["gpt-4o", "llama3.1"],
    userId: ["user-3", null],
    tags: { feature: "search" },
    since: Date.UTC(2026, 2, 28),
  },
};

describe("memory recorder summaries", () => {
  it("without a filter match a reference sum over the input", async () => {
    expect(await genie.usage.getSummary()).toEqual(referenceSummary(records));
  });

  for (const [name, filter] of Object.entries(FILTERS)) {
    it(`filtered: ${name}`, async () => {
      const expected = referenceSummary(records, filter);
      expect(await genie.usage.getSummary({ filter })).toEqual(expected);
    });
  }

  it("the filters used select something (they are not vacuous)", () => {
    const sizes = Object.values(FILTERS).map((f) => referenceSummary(records, f).totalRecords);
    expect(sizes.filter((n) => n > 0 && n < records.length).length).toBeGreaterThan(12);
  });

  const dimensionKey = (names: string[]) => (r: UsageRecordInput) =>
    Object.fromEntries(
      names.map((n) => [n, (r as unknown as Record<string, unknown>)[n] ?? null]),
    ) as Record<string, string | null>;

  for (const dim of ["providerId", "modelName", "callType", "userId", "sessionId"] as const) {
    it(`grouped by ${dim}`, async () => {
      const expected = referenceSummary(records, {}, { names: [dim], keyOf: dimensionKey([dim]) });
      expect(await genie.usage.getSummary({ groupBy: [dim] })).toEqual(expected);
    });
  }

  it("grouped by a tag (values keep their type, missing is null)", async () => {
    const keyOf = (r: UsageRecordInput) => {
      const tags = r.customTags ?? {};
      return { "tag:team": "team" in tags ? (tags.team as string) : null };
    };
    const expected = referenceSummary(records, {}, { names: ["tag:team"], keyOf });
    const actual = await genie.usage.getSummary({ groupBy: ["tag:team"] });
    expect(actual).toEqual(expected);
    expect(actual.groups?.length).toBe(9);
  });

  const buckets = { hour: (t: number) => Math.floor(t / 3_600_000) * 3_600_000 };
  const utc = { ...buckets, day: utcDayStart, week: utcWeekStart, month: utcMonthStart };
  for (const [bucket, start] of Object.entries(utc)) {
    it(`grouped by ${bucket} in UTC`, async () => {
      const keyOf = (r: UsageRecordInput) => ({ [bucket]: start(r.timestamp as number) });
      const expected = referenceSummary(records, {}, { names: [bucket], keyOf });
      const actual = await genie.usage.getSummary({ groupBy: [bucket as "day"] });
      expect(actual).toEqual(expected);
    });
  }

  it("grouped by model and day in Europe/Berlin across the DST change", async () => {
    const names = ["modelName", "day"];
    const keyOf = (r: UsageRecordInput) => ({
      modelName: r.modelName,
      day: zonedDayStart(r.timestamp as number, "Europe/Berlin"),
    });
    const filter = { userId: ["user-1", "user-2"] };
    const expected = referenceSummary(records, filter, { names, keyOf });
    const actual = await genie.usage.getSummary({
      filter,
      groupBy: ["modelName", "day"],
      timeZone: "Europe/Berlin",
    });
    expect(actual).toEqual(expected);
    // The day of the change is 23 hours long; the next one starts an hour "earlier" in UTC.
    const days = [...new Set(actual.groups?.map((g) => g.key.day as number))];
    expect(days).toContain(Date.UTC(2026, 2, 28, 23));
    expect(days).toContain(Date.UTC(2026, 2, 29, 22));
  });

  it("grouped by hour in Asia/Kolkata (half-hour offset)", async () => {
    const offset = 5.5 * 3_600_000;
    const keyOf = (r: UsageRecordInput) => {
      const t = r.timestamp as number;
      return { hour: Math.floor((t + offset) / 3_600_000) * 3_600_000 - offset };
    };
    const expected = referenceSummary(records, {}, { names: ["hour"], keyOf });
    const actual = await genie.usage.getSummary({ groupBy: ["hour"], timeZone: "Asia/Kolkata" });
    expect(actual).toEqual(expected);
  });

  it("grouped by user, tag and week together", async () => {
    const names = ["userId", "tag:feature", "week"];
    const keyOf = (r: UsageRecordInput) => ({
      userId: r.userId ?? null,
      "tag:feature": (r.customTags?.feature as string | undefined) ?? null,
      week: utcWeekStart(r.timestamp as number),
    });
    const filter = { providerId: "openai" };
    const expected = referenceSummary(records, filter, { names, keyOf });
    const actual = await genie.usage.getSummary({
      filter,
      groupBy: ["userId", "tag:feature", "week"],
    });
    expect(actual).toEqual(expected);
  });

  it("an empty store gives zeros, an empty byModel and null timestamps", async () => {
    const empty = await createGenie({
      features: { tokenUsageRecorder: memoryRecorderPlugin },
    });
    expect(await empty.usage.getSummary()).toEqual(referenceSummary([]));
    expect(await empty.usage.getSummary({ groupBy: ["day"] })).toEqual({
      ...referenceSummary([]),
      groups: [],
    });
    expect((await empty.usage.getSummary()).firstTimestamp).toBeNull();
  });
});

describe("time groups over records recorded in time order", () => {
  const ordered = [...records].sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
  let inOrder: Genie;

  beforeAll(async () => {
    inOrder = await createGenie({ features: { tokenUsageRecorder: memoryRecorderPlugin } });
    for (const r of ordered) await inOrder.usage.recordUsage(r);
  });

  const hourIn = (offsetHours: number) => (t: number) => {
    const offset = offsetHours * 3_600_000;
    return Math.floor((t + offset) / 3_600_000) * 3_600_000 - offset;
  };
  const cases: [string, string, (t: number) => number][] = [
    ["hour", "UTC", hourIn(0)],
    ["day", "UTC", utcDayStart],
    ["week", "UTC", utcWeekStart],
    ["month", "UTC", utcMonthStart],
    ["hour", "Asia/Kolkata", hourIn(5.5)],
    ["day", "Europe/Berlin", (t) => zonedDayStart(t, "Europe/Berlin")],
    ["day", "America/New_York", (t) => zonedDayStart(t, "America/New_York")],
  ];
  for (const [bucket, timeZone, start] of cases) {
    it(`by ${bucket} in ${timeZone}`, async () => {
      const keyOf = (r: UsageRecordInput) => ({ [bucket]: start(r.timestamp as number) });
      const expected = referenceSummary(ordered, {}, { names: [bucket], keyOf });
      const query = { groupBy: [bucket as "day"], timeZone };
      expect(await inOrder.usage.getSummary(query)).toEqual(expected);
    });
  }

  it("after a clear leaves holes in the rows", async () => {
    const store = await createGenie({ features: { tokenUsageRecorder: memoryRecorderPlugin } });
    for (const r of ordered) await store.usage.recordUsage(r);
    await store.usage.clearRecords({ filter: { userId: "user-4" } });
    const kept = ordered.filter((r) => r.userId !== "user-4");
    const keyOf = (r: UsageRecordInput) => ({ day: utcDayStart(r.timestamp as number) });
    const expected = referenceSummary(kept, {}, { names: ["day"], keyOf });
    expect(await store.usage.getSummary({ groupBy: ["day"] })).toEqual(expected);
  });

  it("when records arrive nearly in order, and the oldest were evicted", async () => {
    // Each record up to an hour late, as concurrent calls finishing out of order.
    const jittered = ordered.map((r, i) => ({
      ...r,
      timestamp: (r.timestamp as number) - ((i * 7919) % 3_600_000),
    }));
    const store = await createGenie({
      features: { tokenUsageRecorder: memoryRecorderPlugin },
      tokenUsageRecorderConfigurations: { memory: { maxRecords: 2500 } },
    });
    for (const r of jittered) await store.usage.recordUsage(r);
    const kept = jittered.slice(-2500);
    for (const [bucket, start] of [
      ["day", utcDayStart],
      ["week", utcWeekStart],
    ] as const) {
      const keyOf = (r: UsageRecordInput) => ({ [bucket]: start(r.timestamp as number) });
      const expected = referenceSummary(kept, {}, { names: [bucket], keyOf });
      expect(await store.usage.getSummary({ groupBy: [bucket] })).toEqual(expected);
    }
  });
});
