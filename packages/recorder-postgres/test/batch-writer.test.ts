import { FlushIncompleteError, silentLogger, type UsageRecord } from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import { BatchWriter, type BatchWriterOptions } from "../src/batch-writer.js";
import { isTransient } from "../src/retry.js";
import { record } from "./helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function writer(write: BatchWriterOptions["write"], overrides: Partial<BatchWriterOptions> = {}) {
  return new BatchWriter({
    recorderId: "test",
    batchSize: 5,
    flushIntervalMs: 10,
    maxBufferedRecords: 1000,
    overflow: "block",
    flushTimeoutMs: 2000,
    maxRetryDelayMs: 20,
    concurrency: 2,
    logger: silentLogger,
    write,
    ...overrides,
  });
}

const some = (n: number): UsageRecord[] =>
  Array.from({ length: n }, (_, i) => record({ providerId: "p", modelName: "m", promptTokens: i }));

describe("BatchWriter", () => {
  it("flush waits for what was accepted before it, not for later records", async () => {
    const stored: UsageRecord[] = [];
    const w = writer(async (batch) => {
      await sleep(15);
      stored.push(...batch);
    });
    const before = some(12);
    await w.add(before);
    let feeding = true;
    const feed = (async () => {
      while (feeding) {
        await w.add(some(5));
        await sleep(2);
      }
    })();
    await w.flush();
    for (const r of before) expect(stored).toContain(r);
    feeding = false;
    await feed;
    await w.flush();
    expect(w.stats()).toMatchObject({ pending: 0, failed: 0, stored: stored.length });
  });

  it("retries a failing batch until it is stored, once", async () => {
    let calls = 0;
    const stored: UsageRecord[] = [];
    const w = writer(async (batch) => {
      calls += 1;
      if (calls <= 3)
        throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
      stored.push(...batch);
    });
    const records = some(5);
    await w.add(records);
    await w.flush();
    expect(stored).toEqual(records);
    expect(calls).toBe(4);
  });

  it("writes at most `concurrency` batches at once", async () => {
    let active = 0;
    let most = 0;
    const w = writer(async () => {
      active += 1;
      most = Math.max(most, active);
      await sleep(10);
      active -= 1;
    });
    await w.add(some(40), true);
    await w.flush();
    expect(most).toBe(2);
    expect(w.stats().stored).toBe(40);
  });

  it("fails a record that throws a JS error alone, and keeps writing the rest", async () => {
    const stored: UsageRecord[] = [];
    const records = some(20);
    const poison = records[7]!;
    const w = writer(async (batch) => {
      if (batch.includes(poison)) throw new RangeError("Invalid time value");
      stored.push(...batch);
    });
    await w.add(records, true);
    const failure = await w.flush().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FlushIncompleteError);
    expect((failure as FlushIncompleteError).notStored).toBe(1);
    expect([...stored].sort(byId(records))).toEqual(records.filter((r) => r !== poison));
    await w.add(some(3), true);
    await w.flush();
    expect(w.stats()).toMatchObject({ stored: 22, failed: 1, pending: 0 });
  });

  it("retries only errors of a connection or an unavailable server", () => {
    const coded = (code: string) => Object.assign(new Error("x"), { code });
    for (const transient of [
      coded("ECONNREFUSED"),
      coded("ECONNRESET"),
      coded("57P01"),
      coded("57014"),
      coded("08006"),
      coded("53300"),
      coded("40P01"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Query read timeout"),
    ]) {
      expect(isTransient(transient), String(transient)).toBe(true);
    }
    for (const permanent of [
      new RangeError("Invalid time value"),
      new TypeError("x is undefined"),
      coded("ERR_INVALID_ARG_TYPE"),
      coded("42P01"),
      coded("22021"),
      "a string",
      undefined,
    ]) {
      expect(isTransient(permanent), String(permanent)).toBe(false);
    }
  });

  it("keeps the first accepted of one caller id even when its batch is the slower", async () => {
    const store = new Map<string, UsageRecord>();
    const w = writer(
      async (batch) => {
        // The first record's batch is slow, so the repeat's batch would finish first.
        if (batch.some((r) => r.promptTokens === 1)) await sleep(40);
        for (const r of batch) if (!store.has(r.id)) store.set(r.id, r);
      },
      { batchSize: 1, concurrency: 4 },
    );
    const [first, second] = [1, 2].map((promptTokens) =>
      record({ providerId: "p", modelName: "m", promptTokens, id: "same" }),
    );
    await w.add([first!], true);
    // More batches waiting start more workers: the repeat goes out while the first is slow.
    await w.add([...some(2), second!], true);
    await w.flush();
    expect(store.get("same")).toEqual(first);
    expect(w.stats()).toMatchObject({ stored: 4, failed: 0, pending: 0 });
    await w.add([second!], true);
    await w.flush();
    expect(store.get("same")).toEqual(first);
  });
});

/** The order the records were accepted in (parallel batches finish in any order). */
function byId(records: readonly UsageRecord[]) {
  return (a: UsageRecord, b: UsageRecord) => records.indexOf(a) - records.indexOf(b);
}
