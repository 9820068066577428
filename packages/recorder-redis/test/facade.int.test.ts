import { Genie } from "@genie/usage-core";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import redisPlugin, { createRedisRecorder } from "../src/index.js";
import {
  BASE_TIME,
  deleteNamespace,
  keysOf,
  makeRecords,
  query,
  REDIS_URL,
  referenceSummary,
  uniquePrefix,
} from "./helpers.js";

const DAY = 86_400_000;

describe("redis recorder behind genie.usage", () => {
  const client = new Redis(REDIS_URL);
  const prefixes: string[] = [];

  afterAll(async () => {
    for (const prefix of prefixes) await deleteNamespace(client, prefix);
    await client.quit();
  });

  it("takes its URL and prefix from GENIE_USAGE_REDIS_*", async () => {
    const prefix = uniquePrefix("facade");
    prefixes.push(prefix);
    const genie = await Genie.create({
      features: { tokenUsageRecorder: redisPlugin },
      // Records keep the costs they were given, so the reference can sum them.
      pricing: { catalog: false },
      env: { GENIE_USAGE_REDIS_URL: REDIS_URL, GENIE_USAGE_REDIS_PREFIX: prefix },
    });
    const inputs = makeRecords(300, 31, "facade");
    // The first record twice: a retry with the same id is stored once.
    for (const record of [...inputs, inputs[0]!]) {
      const { idSource: _, ...input } = record;
      await genie.usage.recordUsage(input);
    }
    await genie.usage.flush();
    const normalized = query({ groupBy: ["day"] });
    expect(await genie.usage.getSummary({ groupBy: ["day"] })).toEqual(
      referenceSummary(inputs, normalized),
    );
    expect((await keysOf(client, prefix)).length).toBeGreaterThan(0);
    expect(genie.usage.stats()).toMatchObject({ accepted: 301, pending: 0, dropped: 0 });
    expect(await genie.usage.clearRecords({ filter: { modelName: "a" } })).toBe(
      inputs.filter((r) => r.modelName === "a").length,
    );
    await genie.close();
  });

  it("removes records past retention together with their counters", async () => {
    const prefix = uniquePrefix("retention");
    prefixes.push(prefix);
    const now = Date.now();
    const records = makeRecords(600, 41, "ret").map((r, i) => ({
      ...r,
      timestamp: now - (i % 20) * DAY + (i % 7) * 1000 - 3_600_000,
    }));
    const writer = createRedisRecorder({ client, prefix });
    await writer.recordBatch(records);
    await writer.close();

    // A recorder with retention prunes once at start-up, then on its interval.
    const pruning = createRedisRecorder({ client, prefix, retentionDays: 7 });
    const cutoff = now - 7 * DAY;
    const kept = records.filter((r) => r.timestamp >= cutoff);
    const deadline = Date.now() + 10_000;
    const n = query({ groupBy: ["day", "modelName"] });
    while ((await pruning.getSummary(n)).totalRecords !== kept.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await pruning.getSummary(n)).toEqual(referenceSummary(kept, n));
    expect(await pruning.getSummary(query({ filter: { since: BASE_TIME } }))).toEqual(
      referenceSummary(kept, query({ filter: { since: BASE_TIME } })),
    );
    await pruning.close();
  });
});
