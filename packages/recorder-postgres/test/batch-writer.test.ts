import { silentLogger, type UsageRecord } from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import { BatchWriter, type BatchWriterOptions } from "../src/batch-writer.js";
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
});
