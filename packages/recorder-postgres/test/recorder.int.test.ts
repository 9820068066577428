import { normalizeFilter, normalizeQuery, type UsageQuery } from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, type PostgresRecorder } from "../src/index.js";
import {
  dropSchema,
  POSTGRES_URL,
  record,
  referenceSummary,
  sampleRecords,
  testSchema,
} from "./helpers.js";

const schema = testSchema("recorder");
let recorder: PostgresRecorder;

beforeAll(async () => {
  recorder = await createPostgresRecorder({ connectionString: POSTGRES_URL, schema });
});

afterAll(async () => {
  await recorder?.close();
  await dropSchema(schema);
});

const summary = (query: UsageQuery = {}) => recorder.getSummary(normalizeQuery(query));

describe("postgres recorder", () => {
  it("sums counts as numbers, not strings", async () => {
    await recorder.recordUsage(
      record({ providerId: "p", modelName: "m", promptTokens: 10, completionTokens: 5, id: "x1" }),
    );
    await recorder.recordUsage(
      record({ providerId: "p", modelName: "m", promptTokens: 20, completionTokens: 7, id: "x2" }),
    );
    await recorder.flush();
    const s = await summary();
    expect(s.totalPromptTokens).toBe(30);
    expect(s.totalCompletionTokens).toBe(12);
    expect(s.totalTokensOverall).toBe(42);
    expect(await recorder.clearRecords(undefined)).toBe(2);
  });

  it("matches the reference for many queries", async () => {
    const records = sampleRecords(3000, 7);
    await recorder.recordBatch(records);
    await recorder.recordBatch(records.slice(0, 500));
    await recorder.flush();
    const queries: UsageQuery[] = [
      {},
      { groupBy: ["modelName"] },
      { groupBy: ["day"] },
      { groupBy: ["week", "modelName"] },
      { groupBy: ["month"] },
      { filter: { userId: "alice" } },
      { filter: { userId: [null, "bob"] }, groupBy: ["providerId", "tag:tier"] },
      { filter: { tags: { team: "a" } }, groupBy: ["tag:team", "callType"] },
      { filter: { since: records[0]!.timestamp, until: records[0]!.timestamp + 86_400_000 * 20 } },
      { filter: { since: 1_767_225_600_000 + 86_400_000 * 3 }, groupBy: ["day"] },
      { groupBy: ["hour"], timeZone: "America/New_York" },
      { groupBy: ["day", "sessionId"], timeZone: "Asia/Kolkata" },
      { groupBy: ["hour"] },
    ];
    for (const query of queries) {
      expect(await summary(query), JSON.stringify(query)).toEqual(referenceSummary(records, query));
    }
  });

  it("clears with a filter and keeps the rollups exact", async () => {
    const all = sampleRecords(3000, 7);
    const filter = { modelName: "gpt-4o", userId: "alice" };
    const expected = all.filter((r) => r.modelName === "gpt-4o" && r.userId === "alice").length;
    expect(await recorder.clearRecords(normalizeFilter(filter))).toBe(expected);
    const rest = all.filter((r) => !(r.modelName === "gpt-4o" && r.userId === "alice"));
    for (const query of [{}, { groupBy: ["day"] }, { groupBy: ["modelName"] }] as UsageQuery[]) {
      expect(await summary(query)).toEqual(referenceSummary(rest, query));
    }
  });

  it("lists the matching records oldest first, as they were recorded", async () => {
    await recorder.clearRecords(undefined);
    const records = sampleRecords(2500, 8);
    await recorder.recordBatch(records);
    const listed = [];
    for await (const r of recorder.listRecords(normalizeFilter({ callType: "chat" })))
      listed.push(r);
    const expected = records
      .filter((r) => r.callType === "chat")
      .sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1))
      .map((r) => ({ ...r, idSource: "caller" }));
    expect(listed).toEqual(expected);
  });
});

describe("large numbers", () => {
  it("sums counts near 2^53 without overflow in the rollups", async () => {
    await recorder.clearRecords(undefined);
    const big = 2 ** 52;
    const records = Array.from({ length: 3000 }, (_, i) =>
      record({
        providerId: "p",
        modelName: "m",
        promptTokens: big,
        completionTokens: i,
        timestamp: 1_767_225_600_000 + i,
      }),
    );
    await recorder.recordBatch(records);
    const s = await summary();
    expect(s.totalRecords).toBe(3000);
    expect(s.totalCompletionTokens).toBe((2999 * 3000) / 2);
    expect(s.totalPromptTokens).toBe(referenceSummary(records).totalPromptTokens);
    expect(recorder.stats().failed).toBe(0);
  });
});
