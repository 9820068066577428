import { normalizeFilter, normalizeQuery, type UsageQuery } from "@genie/usage-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, type PostgresRecorder } from "../src/index.js";
import {
  dropSchema,
  POSTGRES_URL,
  referenceSummary,
  sampleRecords,
  testSchema,
} from "./helpers.js";

const schema = testSchema("partitioned");
const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
let recorder: PostgresRecorder;
const records = sampleRecords(2000, 3);

beforeAll(async () => {
  recorder = await createPostgresRecorder({ pool, schema, partitionByMonth: true });
  await recorder.recordBatch(records);
  await recorder.recordBatch(records.slice(100, 400));
  await recorder.flush();
});

afterAll(async () => {
  await recorder?.close();
  await dropSchema(schema);
  await pool.end();
});

describe("a table partitioned by month", () => {
  it("creates one partition per month and stores each id once", async () => {
    const months = new Set(records.map((r) => new Date(r.timestamp).toISOString().slice(0, 7)));
    const partitions = await pool.query(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent
       JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relname = $2`,
      [schema, "genie_usage"],
    );
    expect(partitions.rows[0].n).toBe(months.size);
    for (const query of [
      {},
      { groupBy: ["month"] },
      { filter: { userId: "bob" } },
    ] as UsageQuery[]) {
      expect(await recorder.getSummary(normalizeQuery(query))).toEqual(
        referenceSummary(records, query),
      );
    }
  });

  it("clears by filter, and a cleared id can be recorded again", async () => {
    const bob = records.filter((r) => r.userId === "bob");
    expect(await recorder.clearRecords(normalizeFilter({ userId: "bob" }))).toBe(bob.length);
    const rest = records.filter((r) => r.userId !== "bob");
    expect(await recorder.getSummary(normalizeQuery({}))).toEqual(referenceSummary(rest));
    await recorder.recordBatch(bob);
    await recorder.flush();
    expect(await recorder.getSummary(normalizeQuery({ groupBy: ["day"] }))).toEqual(
      referenceSummary(records, { groupBy: ["day"] }),
    );
  });

  it("leaves a pool it was given open after close", async () => {
    const other = await createPostgresRecorder({ pool, schema, migrate: false });
    await other.close();
    const result = await pool.query("SELECT 1 AS one");
    expect(result.rows[0].one).toBe(1);
  });

  it("makes a dropped month's partition again when a late record arrives", async () => {
    const late = records[0]!;
    const month = new Date(late.timestamp).toISOString().slice(0, 7).replace("-", "");
    await recorder.clearRecords(normalizeFilter({}));
    await pool.query(`DROP TABLE "${schema}"."genie_usage_p${month}"`);
    await recorder.recordBatch([{ ...late, id: "late-record", idSource: "caller" }]);
    await recorder.flush();
    expect(recorder.stats().failed).toBe(0);
    expect((await recorder.getSummary(normalizeQuery({}))).totalRecords).toBe(1);
  });

  it("stores records of years past 9999, up to core's last instant", async () => {
    const far = [253_402_300_800_000, 8_639_999_999_999_999, 8_640_000_000_000_000].map(
      (timestamp, i) => ({
        ...records[i]!,
        id: `far-${i}`,
        idSource: "caller" as const,
        timestamp,
      }),
    );
    await recorder.clearRecords(normalizeFilter({}));
    await recorder.recordBatch(far);
    await recorder.flush();
    expect(recorder.stats().failed).toBe(0);
    for (const query of [{}, { groupBy: ["month"] }] as UsageQuery[]) {
      expect(await recorder.getSummary(normalizeQuery(query))).toEqual(
        referenceSummary(far, query),
      );
    }
    const listed = [];
    for await (const r of recorder.listRecords(undefined)) listed.push(r.timestamp);
    expect(listed).toEqual(far.map((r) => r.timestamp));
  });
});
