import {
  FlushIncompleteError,
  GenieUsageError,
  normalizeQuery,
  RecorderClosedError,
} from "@genie/usage-core";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresRecorder, migrate } from "../src/index.js";
import {
  dropSchema,
  POSTGRES_URL,
  record,
  referenceSummary,
  sampleRecords,
  testSchema,
} from "./helpers.js";

const schema = testSchema("startup");

afterAll(async () => {
  await dropSchema(schema);
});

describe("start-up", () => {
  it("runs each migration once when ten recorders start together", async () => {
    const recorders = await Promise.all(
      Array.from({ length: 10 }, () =>
        createPostgresRecorder({ connectionString: POSTGRES_URL, schema, poolSize: 1 }),
      ),
    );
    await Promise.all(recorders.map((r) => r.close()));
    await migrate({ connectionString: POSTGRES_URL, schema });
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const result = await client.query(`SELECT version FROM "${schema}".genie_usage_migrations`);
    await client.end();
    expect(result.rows).toEqual([{ version: 1 }]);
  });

  it("never prints the password of a connection string", async () => {
    const secret = "s3cret-pa55";
    const failure = await createPostgresRecorder({
      connectionString: `postgres://postgres:${secret}@127.0.0.1:1/test`,
      schema,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GenieUsageError);
    expect((failure as Error).message).not.toContain(secret);
    expect((failure as Error).message).toContain("postgres:***@127.0.0.1:1");
  });

  it("refuses records after close", async () => {
    const recorder = await createPostgresRecorder({ connectionString: POSTGRES_URL, schema });
    await recorder.close();
    await recorder.close();
    const late = record({ providerId: "p", modelName: "m" });
    await expect(recorder.recordUsage(late)).rejects.toBeInstanceOf(RecorderClosedError);
  });

  it("logs one line for a batch with no tables, then writes partitioned after migrate()", async () => {
    const fresh = testSchema("later");
    const errors: string[] = [];
    const recorder = await createPostgresRecorder({
      connectionString: POSTGRES_URL,
      schema: fresh,
      migrate: false,
      partitionByMonth: true,
      logger: { error: (message) => errors.push(message) },
    });
    try {
      const early = sampleRecords(40, 31);
      await recorder.recordBatch(early);
      await expect(recorder.flush()).rejects.toBeInstanceOf(FlushIncompleteError);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain("migrate()");
      expect(recorder.stats()).toMatchObject({ failed: 40, stored: 0, pending: 0 });
      await recorder.migrate();
      const records = sampleRecords(300, 32);
      await recorder.recordBatch(records);
      await recorder.flush();
      expect(recorder.stats()).toMatchObject({ failed: 40, stored: 300, pending: 0 });
      expect(await recorder.getSummary(normalizeQuery({ groupBy: ["month"] }))).toEqual(
        referenceSummary(records, { groupBy: ["month"] }),
      );
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      const kind = await client.query(
        `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = 'genie_usage'`,
        [fresh],
      );
      await client.end();
      expect(kind.rows).toEqual([{ relkind: "p" }]);
    } finally {
      await recorder.close();
      await dropSchema(fresh);
    }
  });

  it("warns when partitionByMonth meets a table that exists unpartitioned", async () => {
    const warnings: string[] = [];
    const plain = await createPostgresRecorder({ connectionString: POSTGRES_URL, schema });
    await plain.close();
    const recorder = await createPostgresRecorder({
      connectionString: POSTGRES_URL,
      schema,
      partitionByMonth: true,
      logger: { warn: (message) => warnings.push(message) },
    });
    await recorder.close();
    expect(warnings.filter((w) => w.includes("partitionByMonth"))).toHaveLength(1);
  });
});
