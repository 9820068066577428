import {
  FlushIncompleteError,
  normalizeQuery,
  RecorderClosedError,
  type UsageRecord,
} from "@genie/usage-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, migrate, type PostgresRecorder } from "../src/index.js";
import * as fixture from "./helpers.js";

const schema = fixture.testSchema("buffer");
const locker = new pg.Client({ connectionString: fixture.POSTGRES_URL });

/** Holds every write back until `release()`, as a stalled server would. */
async function stallWrites(): Promise<{ release(): Promise<void> }> {
  await locker.query("BEGIN");
  await locker.query(`LOCK TABLE "${schema}".genie_usage IN ACCESS EXCLUSIVE MODE`);

  return { release: async () => void (await locker.query("COMMIT")) };
}

/** Records one at a time, as a request handler would; counts what was accepted. */
function recordOneByOne(recorder: PostgresRecorder, records: readonly UsageRecord[]) {
  const feed = { accepted: 0, done: Promise.resolve() };
  feed.done = (async () => {
    for (const r of records) {
      await recorder.recordUsage(r);
      feed.accepted += 1;
    }
  })();

  return feed;
}

beforeAll(async () => {
  await locker.connect();
  await migrate({ connectionString: fixture.POSTGRES_URL, schema });
});

afterAll(async () => {
  await locker.end();
  await fixture.dropSchema(schema);
});

describe("the bounded buffer", () => {
  it("drops past the bound, counts it, and reports what flush could not store", async () => {
    const warnings: string[] = [];
    const recorder = await createPostgresRecorder({
      connectionString: fixture.POSTGRES_URL,
      schema,
      batchSize: 10,
      maxBufferedRecords: 100,
      overflow: "drop",
      flushTimeoutMs: 300,
      logger: { warn: (message) => warnings.push(message) },
    });
    const records = fixture.sampleRecords(300, 11);
    const stall = await stallWrites();
    for (const r of records) await recorder.recordUsage(r);
    expect(recorder.stats()).toMatchObject({ pending: 100, dropped: 200, stored: 0 });
    const failure = await recorder.flush().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FlushIncompleteError);
    expect((failure as FlushIncompleteError).notStored).toBe(100);
    expect(warnings.some((w) => w.includes("dropping"))).toBe(true);

    await stall.release();
    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ pending: 0, dropped: 200, stored: 100 });
    const summary = await recorder.getSummary(normalizeQuery({}));
    expect(summary).toEqual(fixture.referenceSummary(records.slice(0, 100)));
    expect(await recorder.clearRecords(undefined)).toBe(100);
    await recorder.close();
  });

  it("blocks callers past the bound and loses nothing", async () => {
    const recorder = await createPostgresRecorder({
      connectionString: fixture.POSTGRES_URL,
      schema,
      batchSize: 10,
      maxBufferedRecords: 50,
    });
    const records = fixture.sampleRecords(120, 12);
    const stall = await stallWrites();
    const feed = recordOneByOne(recorder, records);
    const writing = feed.done;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(feed.accepted).toBe(50);
    await stall.release();
    await writing;
    await recorder.close();
    expect(recorder.stats()).toMatchObject({ stored: 120, dropped: 0, pending: 0 });
    const check = await createPostgresRecorder({ connectionString: fixture.POSTGRES_URL, schema });
    expect(await check.getSummary(normalizeQuery({}))).toEqual(fixture.referenceSummary(records));
    await check.close();
  });

  it("rejects callers blocked on a full buffer once close starts, and loses none it accepted", async () => {
    const recorder = await createPostgresRecorder({
      connectionString: fixture.POSTGRES_URL,
      schema,
      batchSize: 10,
      maxBufferedRecords: 50,
      flushTimeoutMs: 300,
    });
    await recorder.clearRecords(undefined);
    const records = fixture.sampleRecords(120, 15);
    const stall = await stallWrites();
    const feed = recordOneByOne(recorder, records);
    const writing = feed.done.catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closing = recorder.close().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await stall.release();
    expect(await closing).toBeInstanceOf(FlushIncompleteError);
    expect(await writing).toBeInstanceOf(RecorderClosedError);
    const { stored, failed, dropped, pending } = recorder.stats();
    expect(pending).toBe(0);
    expect(stored + failed + dropped + pending).toBe(feed.accepted);
    // A batch given up on while it was being written may still have committed late.
    const check = await createPostgresRecorder({ connectionString: fixture.POSTGRES_URL, schema });
    const inStore = (await check.getSummary(normalizeQuery({}))).totalRecords;
    expect(inStore).toBeGreaterThanOrEqual(stored);
    expect(inStore).toBeLessThanOrEqual(feed.accepted);
    await check.clearRecords(undefined);
    await check.close();
  });

  it.each([
    ["block", 10],
    ["block", 1000],
    ["drop", 10],
    ["drop", 1000],
  ] as const)(
    "drains a batch larger than the buffer (overflow %s, batchSize %i)",
    async (overflow, batchSize) => {
      const recorder = await createPostgresRecorder({
        connectionString: fixture.POSTGRES_URL,
        schema,
        batchSize,
        maxBufferedRecords: 50,
        overflow,
      });
      await recorder.clearRecords(undefined);
      const records = fixture.sampleRecords(250, 14);
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise((resolve) => {
        timer = setTimeout(() => resolve("hung"), 10_000);
      });
      expect(await Promise.race([recorder.recordBatch(records).then(() => "done"), hung])).toBe(
        "done",
      );
      clearTimeout(timer);
      await recorder.flush();
      expect(recorder.stats()).toMatchObject({ stored: 250, dropped: 0, failed: 0, pending: 0 });
      expect(await recorder.getSummary(normalizeQuery({}))).toEqual(
        fixture.referenceSummary(records),
      );
      await recorder.clearRecords(undefined);
      await recorder.close();
    },
  );

  it("stores the rest of a batch that holds a record PostgreSQL cannot take", async () => {
    const errors: string[] = [];
    const recorder = await createPostgresRecorder({
      connectionString: fixture.POSTGRES_URL,
      schema,
      logger: { error: (message) => errors.push(message) },
    });
    await recorder.clearRecords(undefined);
    const records = fixture.sampleRecords(50, 13);
    const poisoned = { ...records[20]!, userId: "nul\u0000inside" };
    await recorder.recordBatch([...records.slice(0, 20), poisoned, ...records.slice(21)]);
    const failure = await recorder.flush().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FlushIncompleteError);
    expect((failure as FlushIncompleteError).notStored).toBe(1);
    expect(recorder.stats()).toMatchObject({ stored: 49, failed: 1, pending: 0 });
    expect(errors).toHaveLength(1);
    const stored = [...records.slice(0, 20), ...records.slice(21)];
    expect(await recorder.getSummary(normalizeQuery({}))).toEqual(fixture.referenceSummary(stored));
    await recorder.flush();
    await recorder.clearRecords(undefined);
    await recorder.close();
  });
});
