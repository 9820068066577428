import { exec } from "node:child_process";
import { promisify } from "node:util";
import { normalizeQuery } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresRecorder } from "../src/index.js";
import * as fixture from "./helpers.js";

const shell = promisify(exec);
const schema = fixture.testSchema("restart");
/** How this machine restarts its PostgreSQL; other machines set their own command. */
const RESTART =
  process.env.GENIE_TEST_POSTGRES_RESTART ??
  "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart";
const TOTAL = 50_000;

afterAll(async () => {
  await fixture.dropSchema(schema);
});

describe("a PostgreSQL restart in the middle of a load", () => {
  it("loses nothing and doubles nothing", async () => {
    const warnings: string[] = [];
    const recorder = await createPostgresRecorder({
      connectionString: fixture.POSTGRES_URL,
      schema,
      batchSize: 500,
      flushIntervalMs: 20,
      maxRetryDelayMs: 500,
      flushTimeoutMs: 60_000,
      logger: { warn: (message) => warnings.push(message) },
    });
    const records = fixture.sampleRecords(TOTAL, 21);
    const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
    let next = 0;
    const recordUpTo = async (end: number) => {
      for (; next < end; next++) await recorder.recordUsage(records[next]!);
    };
    // Before, during and after the restart: records keep coming while it runs.
    await recordUpTo(15_000);
    let restarted = false;
    const restart = shell(RESTART, { timeout: 30_000 }).finally(() => {
      restarted = true;
    });
    while (!restarted && next < 45_000) {
      await recordUpTo(next + 500);
      await pause();
    }
    await restart;
    await recordUpTo(TOTAL);
    await recorder.flush();

    expect(warnings.some((w) => w.includes("retrying"))).toBe(true);
    expect(recorder.stats()).toMatchObject({ stored: TOTAL, failed: 0, dropped: 0, pending: 0 });
    for (const query of [{}, { groupBy: ["day" as const] }, { filter: { userId: "bob" } }]) {
      expect(await recorder.getSummary(normalizeQuery(query))).toEqual(
        fixture.referenceSummary(records, query),
      );
    }
    await recorder.close();
  });
});
