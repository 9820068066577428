import {
  GenieUsageError,
  type NormalizedFilter,
  type NormalizedQuery,
  type UsageRecord,
} from "@genie/usage-core";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisRecorder } from "../src/index.js";
import {
  deleteNamespace,
  makeRecords,
  query,
  REDIS_URL,
  referenceSummary,
  uniquePrefix,
} from "./helpers.js";

// What a caller without the facade might pass; each must be refused, never widened.
const BAD_FILTERS: unknown[] = [
  { foo: "x" },
  { userid: ["alice"] },
  { since: Number.NaN },
  { until: "tomorrow" },
  { modelName: [1] },
  { customTags: "team" },
  [],
  "all",
];

const BAD_GROUPINGS: unknown[] = [
  "day",
  ["decade"],
  [{ kind: "time", bucket: "year", name: "year" }],
  [{ kind: "time", bucket: "day", name: "modelName" }],
  [{ kind: "dimension", key: "foo", name: "userId" }],
  [{ kind: "dimension", key: "userId", name: "userId", extra: 1 }],
  [{ name: "day" }],
  [null],
];

describe("redis recorder used directly", () => {
  const client = new Redis(REDIS_URL);
  const prefix = uniquePrefix("direct");
  const recorder = createRedisRecorder({ url: REDIS_URL, prefix });
  const records = makeRecords(120, 31, "direct");

  afterAll(async () => {
    await recorder.close();
    await deleteNamespace(client, prefix);
    await client.quit();
  });

  it("refuses a raw filter with core's typed errors and removes nothing", async () => {
    await recorder.recordBatch(records);
    for (const bad of BAD_FILTERS) {
      const filter = bad as NormalizedFilter;
      await expect(recorder.clearRecords(filter), JSON.stringify(bad)).rejects.toBeInstanceOf(
        GenieUsageError,
      );
      const listing = (async () => {
        for await (const r of recorder.listRecords(filter)) void r;
      })();
      await expect(listing, JSON.stringify(bad)).rejects.toBeInstanceOf(GenieUsageError);
      const summary = recorder.getSummary({ ...query({}), filter });
      await expect(summary, JSON.stringify(bad)).rejects.toBeInstanceOf(GenieUsageError);
    }
    // Core reads a single string as a one-value list; so must the recorder.
    const single = { ...query({}), filter: { userId: "alice" } as unknown as NormalizedFilter };
    const alice = query({ filter: { userId: ["alice"] } });
    expect(await recorder.getSummary(single)).toEqual(referenceSummary(records, alice));
    const all = query({ groupBy: ["modelName"] });
    expect(await recorder.getSummary(all)).toEqual(referenceSummary(records, all));
  });

  it("refuses a groupBy that is not core's, and takes core's normalized queries", async () => {
    for (const bad of BAD_GROUPINGS) {
      const raw = { ...query({}), groupBy: bad } as unknown as NormalizedQuery;
      await expect(recorder.getSummary(raw), JSON.stringify(bad)).rejects.toBeInstanceOf(
        GenieUsageError,
      );
    }
    const normalized = query({
      groupBy: ["day", "userId", "tag:team"],
      filter: { userId: ["alice", null] },
      timeZone: "Europe/Berlin",
    });
    expect(await recorder.getSummary(normalized)).toEqual(referenceSummary(records, normalized));
    const listed: UsageRecord[] = [];
    for await (const r of recorder.listRecords(normalized.filter)) listed.push(r);
    expect(listed.length).toBe(referenceSummary(records, normalized).totalRecords);
  });
});
