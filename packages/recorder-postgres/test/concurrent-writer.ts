// A writer process for the concurrency test: records its own sample and a shared
// set of caller ids, then prints its stats. Usage: concurrent-writer <schema> <seed> <count>
import { createPostgresRecorder } from "../src/index.js";
import { POSTGRES_URL, sampleRecords, sharedRecords } from "./helpers.js";

const [schema, seed, count] = process.argv.slice(2);
const recorder = await createPostgresRecorder({
  connectionString: POSTGRES_URL,
  schema: schema as string,
  batchSize: 200,
  flushIntervalMs: 20,
  poolSize: 2,
});
const own = sampleRecords(Number(count), Number(seed));
const shared = sharedRecords();
for (let i = 0; i < own.length; i++) {
  await recorder.recordUsage(own[i]!);
  const other = shared[(i + Number(seed) * 97) % shared.length];
  if (i % 4 === 0 && other) await recorder.recordUsage(other);
}
await recorder.recordBatch(shared);
await recorder.close();
process.stdout.write(JSON.stringify(recorder.stats()));
