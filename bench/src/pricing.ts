// Cost of pricing on the recording path: the facade with pricing off and on
// (rounds interleaved, so a shared machine's load hits both alike), and the
// pricer alone. A no-op recorder isolates the facade's own work.
import { createPricer, Genie, loadPriceCatalog, validateUsageRecord } from "@genie/usage-core";
import { median, noopRecorder } from "./bench-kit.js";

const PER_ROUND = 200_000;
const ROUNDS = 9;
const MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-5", "o3"];

// 1024 distinct inputs, cycled: a hot working set, as one record at a time is.
const inputs = Array.from({ length: 1024 }, (_, i) => ({
  providerId: "openai",
  modelName: MODELS[i % MODELS.length]!,
  promptTokens: 1_000 + (i % 500),
  cachedPromptTokens: 200,
  completionTokens: 300 + (i % 50),
  reasoningTokens: 100,
  timestamp: 1_750_000_000_000 + i * 60_000,
}));

async function roundNs(genie: Genie): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i += 1) await genie.usage.recordUsage(inputs[i & 1023]!);
  return Number(process.hrtime.bigint() - start) / PER_ROUND;
}

async function create(pricing: object): Promise<Genie> {
  return Genie.create({
    features: { tokenUsageRecorder: noopRecorder },
    pricing,
    root: process.cwd(),
  });
}

async function pricerNs(): Promise<number> {
  const pricer = createPricer({ catalog: await loadPriceCatalog() });
  const records = inputs.map((input) => validateUsageRecord(input));
  const runs: number[] = [];
  let sink = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND * 5; i += 1) sink += pricer.priceRecord(records[i & 1023]!) ?? 0;
    runs.push(Number(process.hrtime.bigint() - start) / (PER_ROUND * 5));
  }
  if (sink <= 0) throw new Error("the pricer priced nothing");

  return median(runs);
}

export async function run(): Promise<void> {
  const off = await create({ catalog: false });
  const on = await create({});
  const offRuns: number[] = [];
  const onRuns: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    offRuns.push(await roundNs(off));
    onRuns.push(await roundNs(on));
  }
  await Promise.all([off.close(), on.close()]);
  const offNs = median(offRuns);
  const onNs = median(onRuns);
  console.log(`pricing: ${ROUNDS} interleaved rounds of ${PER_ROUND} records, median ns/record`);
  console.log(`  facade.recordUsage, pricing off:  ${offNs.toFixed(0)}`);
  console.log(`  facade.recordUsage, catalog on:   ${onNs.toFixed(0)}`);
  console.log(`  added by pricing:                 ${(onNs - offNs).toFixed(0)}`);
  console.log(`  pricer.priceRecord alone:         ${(await pricerNs()).toFixed(0)}`);
}
