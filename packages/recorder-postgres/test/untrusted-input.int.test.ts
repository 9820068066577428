import {
  type FlushIncompleteError,
  InvalidQueryError,
  type NormalizedFilter,
  type NormalizedQuery,
  normalizeFilter,
  normalizeQuery,
  UnknownFilterKeyError,
  type UsageQuery,
} from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, type PostgresRecorder } from "../src/index.js";
import {
  dropSchema,
  POSTGRES_URL,
  referenceSummary,
  sampleRecords,
  testSchema,
} from "./helpers.js";

const schema = testSchema("untrusted");
const records = sampleRecords(60, 41);
let recorder: PostgresRecorder;

beforeAll(async () => {
  recorder = await createPostgresRecorder({ connectionString: POSTGRES_URL, schema });
  await recorder.recordBatch(records);
  await recorder.flush();
});

afterAll(async () => {
  await recorder?.close();
  await dropSchema(schema);
});

const injected = "day', ts) AS x, pg_sleep(2), date_trunc('day";

describe("a recorder used directly, with objects no facade checked", () => {
  it("rejects a time bucket that is not one of core's, before any SQL runs", async () => {
    const query = {
      filter: {},
      groupBy: [{ kind: "time", bucket: injected, name: "day" }],
      timeZone: "Europe/Paris",
    } as unknown as NormalizedQuery;
    const start = Date.now();
    await expect(recorder.getSummary(query)).rejects.toBeInstanceOf(InvalidQueryError);
    expect(Date.now() - start).toBeLessThan(1500);
    const named = { ...query, groupBy: [injected] } as unknown as NormalizedQuery;
    await expect(recorder.getSummary(named)).rejects.toBeInstanceOf(InvalidQueryError);
    const zone = { ...normalizeQuery({}), timeZone: "x'; SELECT 1; --" } as NormalizedQuery;
    await expect(recorder.getSummary(zone)).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it("still answers normalized queries and plain strings alike", async () => {
    const query: UsageQuery = { groupBy: ["week", "userId", "tag:team"], timeZone: "Asia/Tokyo" };
    const raw = { filter: {}, ...query } as unknown as NormalizedQuery;
    const expected = referenceSummary(records, query);
    expect(await recorder.getSummary(normalizeQuery(query))).toEqual(expected);
    expect(await recorder.getSummary(raw)).toEqual(expected);
  });

  it("refuses to clear with an unknown filter key instead of deleting everything", async () => {
    const typo = { userID: "bob" } as unknown as NormalizedFilter;
    await expect(recorder.clearRecords(typo)).rejects.toBeInstanceOf(UnknownFilterKeyError);
    const listing = async () => {
      const out = [];
      for await (const r of recorder.listRecords(typo)) out.push(r);
      return out;
    };
    await expect(listing()).rejects.toBeInstanceOf(UnknownFilterKeyError);
    expect((await recorder.getSummary(normalizeQuery({}))).totalRecords).toBe(records.length);
  });

  it("answers 29 groupBy keys and rejects 30 with InvalidQueryError alone", async () => {
    const tags = (n: number) =>
      Array.from({ length: n }, (_, i) => `tag:t${i}` as const) as UsageQuery["groupBy"];
    const most: UsageQuery = { groupBy: ["userId", ...(tags(28) ?? [])] };
    expect(await recorder.getSummary(normalizeQuery(most))).toEqual(
      referenceSummary(records, most),
    );
    const failure = await recorder
      .getSummary(normalizeQuery({ groupBy: ["userId", ...(tags(29) ?? [])] }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidQueryError);
    expect((failure as Error).message).toContain("at most 29");
  });

  it("stores a lone surrogate of a text field as U+FFFD and fails a tag holding one alone", async () => {
    const batch = sampleRecords(10, 42).map((r, i) => ({
      ...r,
      id: `lone-${i}`,
      idSource: "caller" as const,
    }));
    batch[3] = { ...batch[3]!, modelName: "m\uD800" };
    batch[6] = { ...batch[6]!, customTags: { team: "x\uD800" } };
    await recorder.recordBatch(batch);
    const failure = await recorder.flush().catch((error: unknown) => error);
    expect((failure as FlushIncompleteError).notStored).toBe(1);
    const listed = new Map<string, string>();
    for await (const r of recorder.listRecords(undefined)) {
      if (r.id.startsWith("lone-")) listed.set(r.id, r.modelName);
    }
    expect([...listed.keys()].sort()).toEqual(
      batch
        .filter((_, i) => i !== 6)
        .map((r) => r.id)
        .sort(),
    );
    expect(listed.get("lone-3")).toBe("m\uFFFD");
    await recorder.clearRecords(normalizeFilter({}));
  });
});
