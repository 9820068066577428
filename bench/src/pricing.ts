// Cost of pricing on the recording path: the facade with pricing off and on, and
// the pricer alone. A no-op recorder isolates the facade's own work.
import {
  createPricer,
  Genie,
  loadPriceCatalog,
  type UsageRecorder,
  validateUsageRecord,
} from "@genie/usage-core";

const RECORDS = 200_000;
const ROUNDS = 7;

const noopRecorder: UsageRecorder = {
  recordUsage: () => Promise.resolve(),
  getSummary: () => Promise.reject(new Error("not summarised in this benchmark")),
  clearRecords: () => Promise.resolve(0),
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

const MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-5", "o3"];

function input(i: number) {
  return {
    providerId: "openai",
    modelName: MODELS[i % MODELS.length]!,
    promptTokens: 1_000 + (i % 500),
    cachedPromptTokens: 200,
    completionTokens: 300 + (i % 50),
    reasoningTokens: 100,
    timestamp: 1_750_000_000_000 + i,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function facadeNsPerRecord(pricing: object): Promise<number> {
  const genie = await Genie.create({
    features: { tokenUsageRecorder: noopRecorder },
    pricing,
    root: process.cwd(),
  });
  const inputs = Array.from({ length: RECORDS }, (_, i) => input(i));
  const runs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    for (const record of inputs) await genie.usage.recordUsage(record);
    runs.push(Number(process.hrtime.bigint() - start) / RECORDS);
  }
  await genie.close();

  return median(runs);
}

async function pricerNsPerRecord(): Promise<number> {
  const pricer = createPricer({ catalog: await loadPriceCatalog() });
  const records = Array.from({ length: RECORDS }, (_, i) => validateUsageRecord(input(i)));
  const runs: number[] = [];
  let sink = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    for (const record of records) sink += pricer.priceRecord(record) ?? 0;
    runs.push(Number(process.hrtime.bigint() - start) / RECORDS);
  }
  if (sink <= 0) throw new Error("the pricer priced nothing");

  return median(runs);
}

export async function run(): Promise<void> {
  const off = await facadeNsPerRecord({ catalog: false });
  const on = await facadeNsPerRecord({});
  const offAgain = await facadeNsPerRecord({ catalog: false });
  const pricerOnly = await pricerNsPerRecord();
  const baseline = Math.min(off, offAgain);
  console.log(`pricing: ${RECORDS} records x ${ROUNDS} rounds, median ns per record`);
  console.log(`  facade.recordUsage, pricing off: ${off.toFixed(0)} / ${offAgain.toFixed(0)}`);
  console.log(`  facade.recordUsage, catalog on:  ${on.toFixed(0)}`);
  console.log(`  added by pricing:                ${(on - baseline).toFixed(0)}`);
  console.log(`  pricer.priceRecord alone:        ${pricerOnly.toFixed(0)}`);
}
