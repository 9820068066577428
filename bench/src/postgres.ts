// `pnpm bench postgres`: ingest through genie.usage.recordUsage against a raw COPY
// of the same rows into an identical table, then summary latency over 1M and 5M rows.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isDeepStrictEqual } from "node:util";
import { createPostgresRecorder, migrate } from "@genie/recorder-postgres";
import { Genie, normalizeQuery, type UsageQuery } from "@genie/usage-core";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { bulkLoad, csvLine, ingestInputs, USERS } from "./postgres-data.js";

const URL = process.env.GENIE_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const INGEST_ROWS = Number(process.env.GENIE_BENCH_INGEST_ROWS ?? 100_000);
const ROUNDS = 3;
const SIZES = (process.env.GENIE_BENCH_SIZES ?? "1000000,5000000").split(",").map(Number);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function copyRows(pool: pg.Pool, schema: string, round: number, count: number) {
  const inputs = ingestInputs(count, 1000 + round);
  const client = await pool.connect();
  const started = performance.now();
  try {
    const lines = (function* () {
      for (let i = 0; i < inputs.length; i += 1000) {
        yield inputs
          .slice(i, i + 1000)
          .map((input, j) => csvLine(input, `c${round}.${i + j}`))
          .join("");
      }
    })();
    const sql = `COPY "${schema}".genie_usage FROM STDIN WITH (FORMAT csv)`;
    await pipeline(Readable.from(lines), client.query(copyFrom(sql)));
  } finally {
    client.release();
  }

  return count / ((performance.now() - started) / 1000);
}

async function genieRows(schema: string, round: number, count: number) {
  const inputs = ingestInputs(count, 1000 + round);
  const genie = await Genie.create({
    features: { tokenUsageRecorder: "postgres" },
    tokenUsageRecorderConfigurations: {
      postgres: { connectionString: URL, schema, batchSize: 2000, migrate: false },
    },
  });
  const started = performance.now();
  for (const input of inputs) await genie.usage.recordUsage(input);
  await genie.usage.flush();
  const rate = count / ((performance.now() - started) / 1000);
  await genie.close();

  return rate;
}

async function ingest(pool: pg.Pool, suffix: string) {
  const viaGenie = `bench_pg_ingest_${suffix}`;
  const viaCopy = `bench_pg_copy_${suffix}`;
  await migrate({ connectionString: URL, schema: viaGenie });
  await migrate({ connectionString: URL, schema: viaCopy });
  const genie: number[] = [];
  const copy: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    copy.push(await copyRows(pool, viaCopy, round, INGEST_ROWS));
    genie.push(await genieRows(viaGenie, round, INGEST_ROWS));
  }
  const ratio = median(genie) / median(copy);
  console.log(
    `ingest ${INGEST_ROWS} rows x ${ROUNDS}: recordUsage ${Math.round(median(genie))} rows/s, ` +
      `COPY ${Math.round(median(copy))} rows/s, ratio ${ratio.toFixed(2)}`,
  );
  console.log(`  recordUsage runs: ${genie.map(Math.round).join(", ")}`);
  console.log(`  COPY runs: ${copy.map(Math.round).join(", ")}`);
}

async function time(run: () => Promise<unknown>, times = 11): Promise<number> {
  for (let i = 0; i < 2; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }

  return median(samples);
}

async function summaries(pool: pg.Pool, suffix: string) {
  const schema = `bench_pg_summary_${suffix}`;
  await migrate({ connectionString: URL, schema });
  const recorder = await createPostgresRecorder({ pool, schema, migrate: false });
  const queries: Record<string, UsageQuery> = {
    unfiltered: {},
    byModel: { groupBy: ["modelName"] },
    "grouped by day": { groupBy: ["day"] },
    "one user": { filter: { userId: `user-${USERS / 2 + 17}` } },
  };
  let loaded = 0;
  for (const size of SIZES) {
    const started = performance.now();
    await bulkLoad(pool, schema, loaded + 1, size);
    loaded = size;
    console.log(`loaded ${size} rows (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const [name, query] of Object.entries(queries)) {
      const ms = await time(() => recorder.getSummary(normalizeQuery(query)));
      console.log(`  ${size} rows, ${name}: ${ms.toFixed(2)} ms`);
    }
    const scan = await time(
      () =>
        pool.query(`SELECT model_name, count(*), sum(total_tokens), sum(cost_usd)
                        FROM "${schema}".genie_usage GROUP BY 1`),
      3,
    );
    console.log(`  ${size} rows, plain GROUP BY scan (no rollups): ${scan.toFixed(0)} ms`);
    const fromRollup = await recorder.getSummary(normalizeQuery({}));
    const fromRecords = await recorder.getSummary(normalizeQuery({ filter: { since: 1e11 } }));
    const exact = isDeepStrictEqual(fromRollup, fromRecords);
    console.log(`  rollup summary equals the records-table summary: ${exact}`);
  }
  await recorder.close();
}

export async function run(): Promise<void> {
  const suffix = randomBytes(3).toString("hex");
  const pool = new pg.Pool({ connectionString: URL, max: 2 });
  console.log(`postgres bench, ${new Date().toISOString()}, Node ${process.version}`);
  try {
    await ingest(pool, suffix);
    await summaries(pool, suffix);
  } finally {
    for (const kind of ["ingest", "copy", "summary"]) {
      await pool.query(`DROP SCHEMA IF EXISTS "bench_pg_${kind}_${suffix}" CASCADE`);
    }
    await pool.end();
  }
}
