import { FlushIncompleteError, type UsageRecord, validateUsageRecord } from "@genie/usage-core";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisRecorder } from "../src/index.js";
import {
  BASE_TIME,
  deleteNamespace,
  makeRecords,
  query,
  REDIS_URL,
  referenceSummary,
  uniquePrefix,
} from "./helpers.js";

// Each record is valid on its own; 1,100 of them pass a signed 64-bit counter.
function hugeRecords(count: number): UsageRecord[] {
  return Array.from({ length: count }, (_, i) =>
    validateUsageRecord({
      id: `huge-${i}`,
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens: Number.MAX_SAFE_INTEGER,
      completionTokens: 0,
      timestamp: BASE_TIME + i,
    }),
  );
}

describe("redis recorder near the counter limit", () => {
  const client = new Redis(REDIS_URL);
  const prefix = uniquePrefix("overflow");

  afterAll(async () => {
    await deleteNamespace(client, prefix);
    await client.quit();
  });

  it("refuses a batch that would overflow a counter and leaves records and counters consistent", async () => {
    const recorder = createRedisRecorder({ url: REDIS_URL, prefix, batchSize: 5000 });
    const normal = makeRecords(40, 5, "ok");
    await recorder.recordBatch(normal);
    await recorder.flush();
    const huge = hugeRecords(1100);

    for (let attempt = 0; attempt < 2; attempt++) {
      await recorder.recordBatch(huge);
      const error = await recorder.flush().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlushIncompleteError);
      expect((error as FlushIncompleteError).notStored).toBe(huge.length);
    }
    expect(recorder.stats()).toMatchObject({
      stored: normal.length,
      failed: 2 * huge.length,
      pending: 0,
    });

    const byCounters = query({ groupBy: ["modelName"] });
    expect(await recorder.getSummary(byCounters)).toEqual(referenceSummary(normal, byCounters));
    const byScan = query({ filter: { providerId: ["openai", "anthropic", "ollama"] } });
    expect(await recorder.getSummary(byScan)).toEqual(referenceSummary(normal, byScan));
    const listed: UsageRecord[] = [];
    for await (const r of recorder.listRecords(undefined)) listed.push(r);
    expect(listed.map((r) => r.id).sort()).toEqual(normal.map((r) => r.id).sort());
    await recorder.close();
  });
});
