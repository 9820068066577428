import { FlushIncompleteError, normalizeQuery, RecorderFailedError } from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, migrate } from "../src/index.js";
import { freezingProxy } from "./freezing-proxy.js";
import * as fixture from "./helpers.js";

const schema = fixture.testSchema("hung");

beforeAll(async () => {
  await migrate({ connectionString: fixture.POSTGRES_URL, schema });
});

afterAll(async () => {
  await fixture.dropSchema(schema);
});

const timeouts = { connectTimeoutMs: 500, queryTimeoutMs: 800, flushTimeoutMs: 1500 };

/** How long `work` takes to settle, and how. */
async function timed(work: Promise<unknown>) {
  const start = Date.now();
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );

  return { ms: Date.now() - start, outcome };
}

describe("a server that hangs", () => {
  it("fails reads and ends close() within their timeouts, counting what was not stored", async () => {
    const proxy = await freezingProxy(new URL(fixture.POSTGRES_URL));
    try {
      const recorder = await createPostgresRecorder({
        connectionString: proxy.url,
        schema,
        batchSize: 5,
        ...timeouts,
      });
      const stored = fixture.sampleRecords(10, 21);
      await recorder.recordBatch(stored);
      await recorder.flush();
      proxy.freeze();
      const read = await timed(recorder.getSummary(normalizeQuery({})));
      expect(read.outcome).toBeInstanceOf(Error);
      expect(read.ms).toBeLessThan(timeouts.flushTimeoutMs + timeouts.queryTimeoutMs + 1000);
      await recorder.recordBatch(fixture.sampleRecords(7, 22));
      const closing = await timed(recorder.close());
      expect(closing.outcome).toBeInstanceOf(FlushIncompleteError);
      expect((closing.outcome as FlushIncompleteError).notStored).toBe(7);
      expect(closing.ms).toBeLessThan(timeouts.flushTimeoutMs + 1000);
      expect(recorder.stats()).toEqual({ stored: 10, failed: 7, dropped: 0, pending: 0 });
    } finally {
      await proxy.close();
    }
    const check = await createPostgresRecorder({ connectionString: fixture.POSTGRES_URL, schema });
    expect((await check.getSummary(normalizeQuery({}))).totalRecords).toBe(10);
    await check.close();
  });

  it("fails start-up within the connect timeout", async () => {
    const proxy = await freezingProxy(new URL(fixture.POSTGRES_URL));
    proxy.freeze();
    try {
      const start = await timed(
        createPostgresRecorder({ connectionString: proxy.url, schema, ...timeouts }),
      );
      expect(start.outcome).toBeInstanceOf(RecorderFailedError);
      expect(start.ms).toBeLessThan(timeouts.connectTimeoutMs + 1000);
    } finally {
      await proxy.close();
    }
  });
});
