import {
  type Genie,
  InvalidConfigError,
  InvalidQueryError,
  normalizeFilter,
  normalizeQuery,
  UnknownFilterKeyError,
  type UsageRecord,
  type UsageRecordInput,
  validateUsageRecord,
} from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import memoryRecorderPlugin, { createMemoryRecorder } from "../src/index.js";
import { createGenie } from "./create-genie.js";
import { referenceMatches, referenceSummary } from "./reference-summary.js";
import { sampleRecords } from "./sample-records.js";

function createMemoryGenie(options: Record<string, unknown> = {}): Promise<Genie> {
  return createGenie({
    features: { tokenUsageRecorder: memoryRecorderPlugin },
    tokenUsageRecorderConfigurations: { memory: options },
  });
}

async function collect(iterable: AsyncIterable<UsageRecord>): Promise<UsageRecord[]> {
  const out: UsageRecord[] = [];
  for await (const r of iterable) out.push(r);
  return out;
}

describe("memory recorder storage", () => {
  it("never loses an increment under concurrent recordUsage calls", async () => {
    const genie = await createMemoryGenie();
    const calls = Array.from({ length: 20 }, () =>
      genie.usage.recordUsage({
        providerId: "openai",
        modelName: "gpt-4o",
        userId: "u-1",
        promptTokens: 60,
        completionTokens: 40,
      }),
    );
    await Promise.all(calls);
    const summary = await genie.usage.getSummary({ filter: { userId: "u-1" } });
    expect(summary.totalPromptTokens).toBe(20 * 60);
    expect(summary.totalCompletionTokens).toBe(20 * 40);
    expect(summary.totalTokensOverall).toBe(20 * 100);
    expect((await genie.usage.getSummary()).totalTokensOverall).toBe(20 * 100);
  });

  it("counts a caller id once, however often it is recorded", async () => {
    const genie = await createMemoryGenie();
    const record = { providerId: "openai", modelName: "m", promptTokens: 7, id: "call-1" };
    await Promise.all([genie.usage.recordUsage(record), genie.usage.recordUsage(record)]);
    await genie.usage.recordUsage({ ...record, promptTokens: 1000 });
    await genie.usage.recordUsage({ ...record, id: "call-2" });
    await genie.usage.recordUsage({ providerId: "openai", modelName: "m", promptTokens: 7 });
    const summary = await genie.usage.getSummary();
    expect(summary.totalRecords).toBe(3);
    expect(summary.totalPromptTokens).toBe(21);
    expect(genie.usage.stats().recorders.memory?.stored).toBe(3);
  });

  it("stores a record with a generated id once, even when handed over twice", async () => {
    const recorder = createMemoryRecorder();
    const records = sampleRecords(50, 9).map((r) => validateUsageRecord(r));
    await recorder.recordBatch(records.slice(0, 30));
    await recorder.recordBatch([...records.slice(20).reverse(), records[0]!]);
    await recorder.recordUsage(records[7]!);
    const summary = await recorder.getSummary(normalizeQuery({}));
    expect(summary).toEqual(referenceSummary(sampleRecords(50, 9)));
    expect(await collect(recorder.listRecords(undefined))).toHaveLength(50);

    // A cleared record may be recorded again.
    await recorder.clearRecords(normalizeFilter({ userId: records[3]!.userId }));
    await recorder.recordUsage(records[3]!);
    const listed = await collect(recorder.listRecords(undefined));
    expect(listed.filter((r) => r.id === records[3]!.id)).toHaveLength(1);
  });

  it("clears everything without a filter and resolves to the count removed", async () => {
    const genie = await createMemoryGenie();
    const records = sampleRecords(400, 3);
    for (const r of records) await genie.usage.recordUsage(r);
    expect(await genie.usage.clearRecords()).toBe(records.length);
    expect(await genie.usage.getSummary()).toEqual(referenceSummary([]));
    expect(await genie.usage.clearRecords()).toBe(0);
    await genie.usage.recordUsage(records[0] as UsageRecordInput);
    expect(await genie.usage.getSummary()).toEqual(referenceSummary([records[0]!]));
  });

  it("clears only what a filter matches and keeps the running totals exact", async () => {
    const genie = await createMemoryGenie();
    const records = sampleRecords(1000, 4);
    for (const r of records) await genie.usage.recordUsage(r);
    const filter = { userId: ["user-1", null], tags: { team: "a" } };
    const matching = records.filter((r) => referenceMatches(r, filter)).length;
    expect(matching).toBeGreaterThan(0);
    expect(await genie.usage.clearRecords({ filter })).toBe(matching);
    const kept = records.filter((r) => !referenceMatches(r, filter));
    expect(await genie.usage.getSummary()).toEqual(referenceSummary(kept));
    expect(await genie.usage.getSummary({ groupBy: ["modelName"] })).toMatchObject({
      totalRecords: kept.length,
    });

    const early = { until: Date.UTC(2026, 2, 29) };
    const stillKept = kept.filter((r) => !referenceMatches(r, early));
    expect(await genie.usage.clearRecords({ filter: early })).toBe(kept.length - stillKept.length);
    expect(await genie.usage.getSummary()).toEqual(referenceSummary(stillKept));
  });

  it("accepts a cleared caller id again", async () => {
    const genie = await createMemoryGenie();
    const record = { providerId: "p", modelName: "m", promptTokens: 5, id: "again" };
    await genie.usage.recordUsage(record);
    expect(await genie.usage.clearRecords({ filter: { modelName: "m" } })).toBe(1);
    await genie.usage.recordUsage(record);
    expect((await genie.usage.getSummary()).totalPromptTokens).toBe(5);
  });

  it("evicts the oldest records past maxRecords and keeps totals consistent", async () => {
    const genie = await createMemoryGenie({ maxRecords: 250 });
    const records = sampleRecords(1000, 5).map((r, i) => ({ ...r, id: `r-${i}` }));
    for (const r of records) await genie.usage.recordUsage(r);
    const kept = records.slice(-250);
    expect(await genie.usage.getSummary()).toEqual(referenceSummary(kept));
    const filter = { modelName: "gpt-4o" };
    expect(await genie.usage.getSummary({ filter })).toEqual(referenceSummary(kept, filter));
    expect(genie.usage.stats().recorders.memory).toMatchObject({ stored: 250, dropped: 750 });

    // An evicted id is forgotten, a retained one is still a duplicate.
    await genie.usage.recordUsage(records[999] as UsageRecordInput);
    await genie.usage.recordUsage(records[0] as UsageRecordInput);
    const after = [...kept.slice(1), records[0]!];
    expect(await genie.usage.getSummary()).toEqual(referenceSummary(after));
  });

  it("rejects an option it does not have, so a misspelt bound is not ignored", () => {
    expect(() => createMemoryRecorder({ maxRecord: 5 } as never)).toThrow(
      /memory.maxRecord is not an option/,
    );
  });

  it("rejects a maxRecords that is not a positive whole number", () => {
    expect(() => createMemoryRecorder({ maxRecords: 0 })).toThrow(InvalidConfigError);
    expect(() => createMemoryRecorder({ maxRecords: 1.5 })).toThrow(/maxRecords/);
  });

  it("sums counts past 2^32 exactly", async () => {
    const recorder = createMemoryRecorder();
    const genie = await createGenie({
      features: { tokenUsageRecorder: recorder },
    });
    const big = 2 ** 32 + 7;
    const huge = Number.MAX_SAFE_INTEGER - 10;
    await genie.usage.recordUsage({ providerId: "p", modelName: "m", promptTokens: big });
    await genie.usage.recordUsage({ providerId: "p", modelName: "m", promptTokens: big });
    await genie.usage.recordUsage({ providerId: "p", modelName: "n", completionTokens: huge });
    await genie.usage.recordUsage({ providerId: "p", modelName: "n", completionTokens: 10 });
    const summary = await genie.usage.getSummary();
    expect(summary.totalPromptTokens).toBe(2 * big);
    expect(summary.totalCompletionTokens).toBe(Number.MAX_SAFE_INTEGER);
    const filtered = await genie.usage.getSummary({ filter: { modelName: "m" } });
    expect(filtered.totalTokensOverall).toBe(2 * big);
    const listed = await collect(recorder.listRecords(undefined));
    expect(listed.map((r) => r.promptTokens ?? r.completionTokens)).toEqual([big, big, huge, 10]);
  });

  it("lists stored records oldest first, filtered, as they were recorded", async () => {
    const recorder = createMemoryRecorder();
    const inputs = sampleRecords(300, 6);
    const stored = inputs.map((r) => validateUsageRecord(r));
    for (const r of stored) await recorder.recordUsage(r);
    expect(await collect(recorder.listRecords(undefined))).toEqual(stored);
    const filter = normalizeFilter({ modelName: "gpt-4o", userId: null });
    const expected = stored.filter((_, i) =>
      referenceMatches(inputs[i]!, { modelName: "gpt-4o", userId: null }),
    );
    expect(await collect(recorder.listRecords(filter))).toEqual(expected);
    expect(recorder.stats()).toMatchObject({ stored: 300, pending: 0 });
  });

  it("rejects records after close", async () => {
    const recorder = createMemoryRecorder();
    await recorder.close();
    const record = validateUsageRecord({ providerId: "p", modelName: "m" });
    await expect(recorder.recordUsage(record)).rejects.toThrow(/closed/);
    expect((await recorder.getSummary(normalizeQuery({}))).totalRecords).toBe(0);
  });
});

describe("used directly, with objects no facade checked", () => {
  it("refuses an unknown filter key instead of clearing everything", async () => {
    const recorder = createMemoryRecorder();
    await recorder.recordUsage(
      validateUsageRecord({ providerId: "p", modelName: "m", userId: "a" }),
    );
    await recorder.recordUsage(
      validateUsageRecord({ providerId: "p", modelName: "m", userId: "b" }),
    );
    await expect(recorder.clearRecords({ userid: ["a"] } as never)).rejects.toBeInstanceOf(
      UnknownFilterKeyError,
    );
    await expect(
      recorder.getSummary({
        filter: {},
        groupBy: [{ kind: "time", bucket: "year", name: "year" }],
        timeZone: "UTC",
      } as never),
    ).rejects.toBeInstanceOf(InvalidQueryError);
    expect((await recorder.getSummary(normalizeQuery(undefined))).totalRecords).toBe(2);
  });
});
