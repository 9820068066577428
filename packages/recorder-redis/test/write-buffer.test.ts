import { silentLogger, type UsageRecord } from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import type { OverflowPolicy } from "../src/types.js";
import { WriteBuffer } from "../src/write-buffer.js";
import { makeRecords } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A buffer over a store that takes 2 ms per batch (or is unreachable), watching the bound. */
function bufferOver(overflow: OverflowPolicy, reachable = true) {
  const written: UsageRecord[] = [];
  let mostPending = 0;
  const buffer: WriteBuffer = new WriteBuffer({
    recorderId: "test",
    label: "test store",
    logger: silentLogger,
    batchSize: 20,
    flushIntervalMs: 5,
    maxBufferedRecords: 100,
    overflow,
    maxInFlightBatches: 2,
    maxRetryDelayMs: 20,
    write: async (records) => {
      mostPending = Math.max(mostPending, buffer.stats().pending);
      await sleep(2);
      if (!reachable) throw new Error("connect ECONNREFUSED 127.0.0.1:1");
      written.push(...records);
    },
  });

  return { buffer, written, mostPending: () => mostPending };
}

describe("write buffer bound", () => {
  it.each(["block", "drop"] as const)(
    "drains a batch ten times the bound through it in pieces (%s)",
    async (overflow) => {
      const { buffer, written, mostPending } = bufferOver(overflow);
      const big = makeRecords(1000, 41, "big");
      const after = makeRecords(30, 42, "after");
      const first = buffer.accept(big);
      const second = buffer.accept(after);
      await Promise.all([first, second]);
      await buffer.flush(5_000);
      expect(mostPending()).toBeLessThanOrEqual(100);
      expect(written.map((r) => r.id)).toEqual([...big, ...after].map((r) => r.id));
      expect(buffer.stats()).toEqual({ stored: 1030, pending: 0, failed: 0, dropped: 0 });
    },
  );

  it("drops the rest of a large batch once the store is unreachable", async () => {
    const { buffer } = bufferOver("drop", false);
    await buffer.accept(makeRecords(30, 43, "early"));
    await sleep(50);
    await buffer.accept(makeRecords(500, 44, "late"));
    expect(buffer.stats()).toMatchObject({ pending: 100, dropped: 430, stored: 0 });
    buffer.abandon();
  });
});
