import redisPlugin from "@genie/recorder-redis";
import { Genie, type UsageRecordInput } from "@genie/usage-core";
import { Redis } from "ioredis";
import { type BenchServer, pipelinedIncr, startBenchServer } from "./redis-server.js";

const DAY = 86_400_000;
const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet", "claude-haiku", "llama3.1", "mistral"];
const INGEST_RECORDS = 300_000;
const INGEST_RUNS = 3;
const LATENCY_SAMPLES = 300;

function makeInputs(count: number, start: number, days: number): UsageRecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    providerId: i % 3 === 0 ? "anthropic" : "openai",
    modelName: MODELS[i % MODELS.length]!,
    promptTokens: 100 + (i % 900),
    completionTokens: 20 + (i % 300),
    cachedPromptTokens: i % 4 === 0 ? 50 : null,
    costUsd: i % 10 === 0 ? null : 0.000125 * (1 + (i % 7)),
    timestamp: start + Math.floor(((i % 100_000) / 100_000) * days * DAY) + (i % 1000),
    userId: `user-${i % 500}`,
    customTags: { feature: i % 2 === 0 ? "chat" : "search" },
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function open(url: string, prefix: string): Promise<Genie> {
  return Genie.create({
    features: { tokenUsageRecorder: redisPlugin },
    // The recorder is measured, not the price catalog: records keep their given costs.
    pricing: { catalog: false },
    tokenUsageRecorderConfigurations: { redis: { url, prefix } },
  });
}

interface IngestRun {
  /** Records per second, wall clock, flush included. */
  rate: number;
  /** CPU microseconds per record spent by this Node process and by redis-server. */
  nodeCpuUs: number;
  redisCpuUs: number;
}

async function serverCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info("cpu");
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);

  return field("used_cpu_user") + field("used_cpu_sys");
}

async function ingestRun(url: string, run: number): Promise<IngestRun> {
  const genie = await open(url, `bench-ingest-${run}`);
  const probe = new Redis(url);
  // Time-ordered like live traffic: 300,000 records over 30 days.
  const inputs = makeInputs(INGEST_RECORDS, Date.UTC(2026, 0, 1), 30).sort(
    (a, b) => (a.timestamp as number) - (b.timestamp as number),
  );
  const serverBefore = await serverCpuSeconds(probe);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const input of inputs) await genie.usage.recordUsage(input);
  await genie.usage.flush();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverSeconds = (await serverCpuSeconds(probe)) - serverBefore;
  await genie.usage.clearRecords();
  await genie.close();
  await probe.quit();

  return {
    rate: INGEST_RECORDS / seconds,
    nodeCpuUs: (cpu.user + cpu.system) / INGEST_RECORDS,
    redisCpuUs: (serverSeconds * 1e6) / INGEST_RECORDS,
  };
}

async function latencies(genie: Genie, groupBy: "day" | null): Promise<number[]> {
  const query = groupBy ? { groupBy: [groupBy] as const } : {};
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    await genie.usage.getSummary(query as never);
    samples.push(performance.now() - started);
  }

  return samples;
}

async function fill(genie: Genie, from: number, to: number): Promise<void> {
  for (let at = from; at < to; at += 10_000) {
    const inputs = makeInputs(Math.min(10_000, to - at), Date.UTC(2026, 0, 1), 60);
    await genie.usage.recordBatch(inputs);
  }
  await genie.usage.flush();
}

type Row = [string, string];

async function summaryLatency(url: string): Promise<Row[]> {
  const genie = await open(url, "bench-summary");
  const rows: Row[] = [];
  const medians: Record<string, number> = {};
  let stored = 0;
  for (const size of [10_000, 1_000_000]) {
    await fill(genie, stored, size);
    stored = size;
    for (const groupBy of [null, "day"] as const) {
      await latencies(genie, groupBy); // warm-up
      const samples = await latencies(genie, groupBy);
      const name = groupBy ? "by day" : "unfiltered";
      medians[`${name}@${size}`] = median(samples);
      rows.push([
        `summary ${name}, ${size.toLocaleString("en-US")} records`,
        `median ${median(samples).toFixed(3)} ms, p95 ${percentile(samples, 0.95).toFixed(3)} ms`,
      ]);
    }
  }
  const memory = new Redis(url);
  const used = Number(/used_memory:(\d+)/.exec(await memory.info("memory"))?.[1] ?? 0);
  await memory.quit();
  rows.push(["server memory per stored record at 1,000,000", `${Math.round(used / 1e6)} bytes`]);
  for (const name of ["unfiltered", "by day"]) {
    const ratio = medians[`${name}@1000000`]! / medians[`${name}@10000`]!;
    rows.push([`summary ${name}: 1,000,000 / 10,000`, `${ratio.toFixed(2)}x`]);
  }
  const started = performance.now();
  await genie.usage.getSummary({ filter: { userId: "user-7" } });
  rows.push([
    "filtered summary (server-side scan), 1,000,000 records",
    `${(performance.now() - started).toFixed(0)} ms (one run)`,
  ]);
  await genie.usage.clearRecords();
  await genie.close();

  return rows;
}

export async function run(): Promise<void> {
  const given = process.env.GENIE_BENCH_REDIS_URL;
  const server: BenchServer | null = given ? null : await startBenchServer();
  const url = given ?? server!.url;
  const incrKey = `{genie-bench-${process.pid}}:incr`;
  try {
    const rows: Row[] = [];
    const runs: IngestRun[] = [];
    const ceilings: number[] = [];
    for (let i = 0; i < INGEST_RUNS; i++) {
      ceilings.push(await pipelinedIncr(url, incrKey));
      runs.push(await ingestRun(url, i));
    }
    const rate = median(runs.map((r) => r.rate));
    const ceiling = median(ceilings);
    const nodeUs = median(runs.map((r) => r.nodeCpuUs));
    const redisUs = median(runs.map((r) => r.redisCpuUs));
    rows.push([
      `ingest through genie.usage.recordUsage (${INGEST_RECORDS.toLocaleString("en-US")} records, flush included)`,
      `${Math.round(rate).toLocaleString("en-US")} records/s (median of ${INGEST_RUNS})`,
    ]);
    rows.push([
      "CPU per record: Node process / redis-server",
      `${nodeUs.toFixed(2)} µs / ${redisUs.toFixed(2)} µs`,
    ]);
    rows.push([
      "ingest if each had one core of its own (1 / the larger CPU time)",
      `${Math.round(1e6 / Math.max(nodeUs, redisUs)).toLocaleString("en-US")} records/s`,
    ]);
    rows.push([
      "redis-benchmark INCR, pipeline 64 (ceiling)",
      `${Math.round(ceiling).toLocaleString("en-US")} requests/s`,
    ]);
    rows.push(["ingest / ceiling", `${((rate / ceiling) * 100).toFixed(1)} %`]);
    rows.push(...(await summaryLatency(url)));
    console.log(`## redis  (${new Date().toISOString().slice(0, 10)}, ${url})`);
    for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
  } finally {
    const client = new Redis(url);
    await client.unlink(incrKey);
    await client.quit();
    await server?.stop();
  }
}
