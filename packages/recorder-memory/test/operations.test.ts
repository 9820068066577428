// Long random sequences of records, clears and evictions, each step checked
// against the reference: exercises compaction, side tables and time ordering.
import {
  normalizeFilter,
  type UsageFilter,
  type UsageRecord,
  type UsageRecordInput,
  type UsageTags,
  validateUsageRecord,
} from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import { createMemoryRecorder } from "../src/index.js";
import { createGenie } from "./create-genie.js";
import { utcWeekStart } from "./local-time.js";
import { referenceMatches, referenceSummary } from "./reference-summary.js";
import { createRandom, sampleRecords } from "./sample-records.js";

const FILTERS: UsageFilter[] = [
  { userId: "user-3" },
  { userId: ["user-1", null, "user-5"] },
  { modelName: "gpt-4o", tags: { team: "a" } },
  { sessionId: ["session-2", "session-4"] },
  { since: Date.UTC(2026, 2, 30), until: Date.UTC(2026, 3, 2) },
  { userId: "user-7", since: Date.UTC(2026, 2, 29) },
  { callType: null },
];

async function collect(iterable: AsyncIterable<UsageRecord>): Promise<UsageRecord[]> {
  const out: UsageRecord[] = [];
  for await (const r of iterable) out.push(r);
  return out;
}

function shuffledTimes(records: UsageRecordInput[], seed: number): UsageRecordInput[] {
  const random = createRandom(seed);
  return records.map((r) => (random() < 0.05 ? { ...r, timestamp: Date.UTC(2026, 2, 20) } : r));
}

async function runScenario(maxRecords: number | undefined, ordered: boolean, seed: number) {
  const recorder = createMemoryRecorder(maxRecords ? { maxRecords } : {});
  const genie = await createGenie({
    features: { tokenUsageRecorder: recorder },
  });
  const random = createRandom(seed);
  let inputs = sampleRecords(12_000, seed);
  if (ordered)
    inputs = [...inputs].sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
  else inputs = shuffledTimes(inputs, seed);
  let kept: UsageRecordInput[] = [];
  let next = 0;
  for (let step = 0; step < 12; step++) {
    const batch = inputs.slice(next, next + 1000).map((r, i) => ({ ...r, id: `op-${next + i}` }));
    next += batch.length;
    for (const r of batch) await genie.usage.recordUsage(r);
    kept.push(...batch);
    if (maxRecords && kept.length > maxRecords) kept = kept.slice(-maxRecords);

    const filter = FILTERS[Math.floor(random() * FILTERS.length)] as UsageFilter;
    if (random() < 0.5) {
      const removed = await genie.usage.clearRecords({ filter });
      expect(removed).toBe(kept.filter((r) => referenceMatches(r, filter)).length);
      kept = kept.filter((r) => !referenceMatches(r, filter));
    }
    expect(await genie.usage.getSummary()).toEqual(referenceSummary(kept));
    const probe = FILTERS[step % FILTERS.length] as UsageFilter;
    expect(await genie.usage.getSummary({ filter: probe })).toEqual(referenceSummary(kept, probe));
    // Week buckets hold whole blocks of rows: their kept totals are exercised.
    const byWeek = {
      names: ["week"],
      keyOf: (r: UsageRecordInput) => ({ week: utcWeekStart(r.timestamp as number) }),
    };
    const weekly = await genie.usage.getSummary({ groupBy: ["week"] });
    expect(weekly).toEqual(referenceSummary(kept, {}, byWeek));
  }
  const listed = await collect(recorder.listRecords(undefined));
  expect(listed.map((r) => r.id)).toEqual(kept.map((r) => r.id));
  expect(listed).toEqual(kept.map((r) => validateUsageRecord(r)));
}

describe("memory recorder under long operation sequences", () => {
  it("unbounded, timestamps in order", () => runScenario(undefined, true, 11));
  it("unbounded, timestamps out of order", () => runScenario(undefined, false, 12));
  it("bounded to 5,000, timestamps in order", () => runScenario(5000, true, 13));
  it("bounded to 4,500, timestamps out of order", () => runScenario(4500, false, 14));

  it("keeps listing what it had while records are cleared and added", async () => {
    const recorder = createMemoryRecorder();
    const stored = sampleRecords(6000, 21).map((r) => validateUsageRecord(r));
    for (const r of stored) await recorder.recordUsage(r);
    const seen: UsageRecord[] = [];
    let cleared = false;
    for await (const r of recorder.listRecords(undefined)) {
      seen.push(r);
      if (!cleared && seen.length === 10) {
        cleared = true;
        await recorder.clearRecords(normalizeFilter({ userId: "user-2" }));
        await recorder.recordUsage(validateUsageRecord({ providerId: "p", modelName: "late" }));
      }
    }
    const expected = stored.filter((r, i) => i < 10 || r.userId !== "user-2");
    expect(seen).toEqual(expected);
  });
});

describe("record ids", () => {
  it("come back exactly as recorded, whatever their form", async () => {
    const recorder = createMemoryRecorder();
    const ids = ["abc", "0", "x00", "a.b.0z", "u-7", "z".repeat(40), "émoji-ü1", "12345678901234"];
    const base = { providerId: "p", modelName: "m" };
    const stored = ids.map((id) => validateUsageRecord({ ...base, id }));
    const generated = Array.from({ length: 5 }, () => validateUsageRecord(base));
    const forged = generated.map((r) => ({ ...r, id: `${r.id}0`, idSource: "generated" as const }));
    for (const r of [...stored, ...generated, ...forged]) await recorder.recordUsage(r);
    expect(await collect(recorder.listRecords(undefined))).toEqual([
      ...stored,
      ...generated,
      ...forged,
    ]);
  });
});

describe("tag maps", () => {
  it("never confuse maps whose names and values could run together", async () => {
    const recorder = createMemoryRecorder();
    const genie = await createGenie({
      features: { tokenUsageRecorder: recorder },
    });
    const tags: UsageTags[] = [
      { "a1:b": "c" },
      { a: "1:bc" },
      { a: 1, b: "c" },
      { a: "1", b: "c" },
    ];
    for (const customTags of tags) {
      await genie.usage.recordUsage({ providerId: "p", modelName: "m", customTags });
    }
    const listed = await collect(recorder.listRecords(undefined));
    expect(listed.map((r) => r.customTags)).toEqual(tags);
    const summary = await genie.usage.getSummary({ filter: { tags: { a: 1 } } });
    expect(summary.totalRecords).toBe(1);
  });
});
