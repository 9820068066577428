import type { UsageRecord } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisRecorder, type RedisRecorder } from "../src/index.js";
import type { RedisClient } from "../src/types.js";
import {
  deleteNamespace,
  makeRecords,
  query,
  referenceSummary,
  targets,
  uniquePrefix,
} from "./helpers.js";

for (const target of targets()) {
  describe(`writers racing on ${target.name}`, () => {
    const prefix = uniquePrefix(`race-${target.name}`);
    const clients: RedisClient[] = [];
    const recorders: RedisRecorder[] = [];

    afterAll(async () => {
      await Promise.all(recorders.map((r) => r.close()));
      await deleteNamespace(clients[0]!, prefix);
      await Promise.all(clients.map((c) => c.quit()));
    });

    it("count every id once and lose no increment", async () => {
      // Four writers, each on its own connection as separate processes would be,
      // send overlapping slices of the same records at the same time.
      for (let i = 0; i < 4; i++) {
        const client = target.connect();
        clients.push(client);
        recorders.push(
          createRedisRecorder({ client, prefix, batchSize: 37, maxInFlightBatches: 8 }),
        );
      }
      const records = makeRecords(4000, 21, "race");
      const slices: UsageRecord[][] = [
        records.slice(0, 2500),
        records.slice(1500, 4000),
        records.slice(0, 4000).reverse(),
        records.filter((_, i) => i % 3 === 0),
      ];
      await Promise.all(
        recorders.map(async (recorder, w) => {
          const slice = slices[w]!;
          for (let i = 0; i < slice.length; i += 100)
            await recorder.recordBatch(slice.slice(i, i + 100));
          await recorder.flush();
        }),
      );
      for (const q of [{}, { groupBy: ["day", "modelName"] }, { groupBy: ["userId"] }] as const) {
        const n = query(q as never);
        expect(await recorders[0]!.getSummary(n)).toEqual(referenceSummary(records, n));
      }
    });
  });
}
