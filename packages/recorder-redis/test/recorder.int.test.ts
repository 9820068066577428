import type { UsageQuery, UsageRecord } from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisRecorder, type RedisRecorder } from "../src/index.js";
import type { RedisClient } from "../src/types.js";
import {
  BASE_TIME,
  deleteNamespace,
  keysOf,
  makeRecords,
  query,
  referenceSummary,
  targets,
  uniquePrefix,
} from "./helpers.js";

const DAY = 86_400_000;
const DAY0 = Math.floor(BASE_TIME / DAY) * DAY;

const QUERIES: UsageQuery[] = [
  {},
  { groupBy: ["modelName"] },
  { groupBy: ["day"] },
  { groupBy: ["week"] },
  { groupBy: ["month", "modelName"] },
  { groupBy: ["modelName", "day"] },
  { filter: { since: DAY0 + 2 * DAY, until: DAY0 + 5 * DAY } },
  { filter: { since: DAY0 + 3 * DAY }, groupBy: ["day", "modelName"] },
  { groupBy: ["hour"] },
  { groupBy: ["day"], timeZone: "Europe/Berlin" },
  { groupBy: ["hour", "userId"], timeZone: "Asia/Kathmandu" },
  { groupBy: ["week"], timeZone: "America/St_Johns" },
  { filter: { since: BASE_TIME + 0.5, until: BASE_TIME + 3 * DAY + 17 } },
  { filter: { userId: null } },
  { filter: { userId: ["alice", "*"] }, groupBy: ["providerId"] },
  { filter: { modelName: "a" } },
  { filter: { modelName: [] } },
  { filter: { tags: { team: 1 } } },
  { filter: { tags: { team: "x", feature: 2.5 } } },
  { groupBy: ["tag:team", "callType"] },
  { groupBy: ["tag:feature", "sessionId", "month"] },
  { filter: { callType: ["chat", null], sessionId: "s1" }, groupBy: ["userId", "day"] },
];

function dedupe(records: readonly UsageRecord[]): UsageRecord[] {
  const seen = new Map<string, UsageRecord>();
  for (const r of records) if (!seen.has(r.id)) seen.set(r.id, r);

  return [...seen.values()];
}

for (const target of targets()) {
  describe(`redis recorder on ${target.name}`, () => {
    const prefix = uniquePrefix(`rec-${target.name}`);
    let client: RedisClient;
    let recorder: RedisRecorder;
    let stored: UsageRecord[] = [];

    beforeAll(async () => {
      client = target.connect();
      recorder = createRedisRecorder({ client, prefix, batchSize: 200, scanChunkSize: 150 });
      const records = makeRecords(3000, 7);
      // The same ids again, some with other content: the first one stored counts.
      const again = makeRecords(400, 8).map((r, i) => ({ ...r, id: records[i * 5]!.id }));
      const sent = [
        records.slice(0, 1500),
        [...again, ...records.slice(1500)],
        records.slice(0, 99),
      ];
      for (const batch of sent) {
        await recorder.recordBatch(batch);
        await recorder.flush();
      }
      stored = dedupe(sent.flat());
    });

    afterAll(async () => {
      await recorder.close();
      await deleteNamespace(client, prefix);
      await client.quit();
    });

    it("counts every id once", async () => {
      const summary = await recorder.getSummary(query({}));
      expect(summary.totalRecords).toBe(3000);
      expect(recorder.stats()).toMatchObject({ pending: 0, failed: 0, dropped: 0 });
    });

    it.each(QUERIES.map((q) => [JSON.stringify(q), q] as const))(
      "summarises %s like the reference",
      async (_, q) => {
        const normalized = query(q);
        expect(await recorder.getSummary(normalized)).toEqual(referenceSummary(stored, normalized));
      },
    );

    it("keeps model names apart whatever characters they hold", async () => {
      const summary = await recorder.getSummary(query({}));
      expect(Object.keys(summary.byModel).sort()).toEqual(
        [...new Set(stored.map((r) => r.modelName))].sort(),
      );
    });

    it("lists the stored records, oldest first", async () => {
      const filter = query({ filter: { userId: "alice" } }).filter;
      const listed: UsageRecord[] = [];
      for await (const r of recorder.listRecords(filter)) listed.push(r);
      const expected = stored
        .filter((r) => r.userId === "alice")
        .sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
      expect(listed.map((r) => r.timestamp)).toEqual(expected.map((r) => r.timestamp));
      expect(new Map(listed.map((r) => [r.id, r]))).toEqual(
        new Map(expected.map((r) => [r.id, r])),
      );
    });

    it("keeps counters equal to the records left after filtered clears", async () => {
      const clears: UsageQuery["filter"][] = [
        { modelName: "a:b" },
        { userId: null, since: BASE_TIME + 0.5 * DAY },
        { tags: { team: true } },
        { until: DAY0 + 2 * DAY },
      ];
      for (const filter of clears) {
        const normalized = query({ filter }).filter;
        const expected = stored.filter((r) => matches(r, normalized));
        expect(await recorder.clearRecords(normalized)).toBe(expected.length);
        stored = stored.filter((r) => !matches(r, normalized));
        for (const q of QUERIES) {
          const n = query(q);
          expect(await recorder.getSummary(n)).toEqual(referenceSummary(stored, n));
        }
      }
    });

    it("clears everything and leaves no key behind", async () => {
      expect(await recorder.clearRecords(undefined)).toBe(stored.length);
      expect(await keysOf(client, prefix)).toEqual([]);
      expect(await recorder.getSummary(query({ groupBy: ["day"] }))).toEqual(
        referenceSummary([], query({ groupBy: ["day"] })),
      );
    });
  });
}

function matches(r: UsageRecord, filter: ReturnType<typeof query>["filter"]): boolean {
  return referenceSummary([r], { filter, groupBy: [], timeZone: "UTC" }).totalRecords === 1;
}
