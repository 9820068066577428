// `pnpm bench memory`: the in-memory recorder on a million records.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import memoryRecorderPlugin from "@genie/recorder-memory";
import { Genie, type UsageQuery } from "@genie/usage-core";
import { createInputPool, START, timestampOf, USERS } from "./memory-workload.js";

const RECORDS = Number(process.env.BENCH_MEMORY_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 5);
const POOL_SIZE = 65_536;

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function retainedBytes(): number {
  for (let i = 0; i < 3; i++) collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Wall-clock and CPU time (this process, all threads) of one step, in milliseconds. */
interface Timing {
  wall: number;
  cpu: number;
}

async function measure(step: () => Promise<unknown>): Promise<Timing> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await step();
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);

  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

async function fill(genie: Genie, pool: ReturnType<typeof createInputPool>): Promise<Timing> {
  const { wall, cpu } = await measure(async () => {
    for (let i = 0; i < RECORDS; i++) {
      const input = pool[i & (POOL_SIZE - 1)] as (typeof pool)[number];
      input.timestamp = timestampOf(i, RECORDS);
      await genie.usage.recordUsage(input);
    }
  });

  return { wall: (wall * 1e6) / RECORDS, cpu: (cpu * 1e6) / RECORDS };
}

async function timeQuery(genie: Genie, queries: UsageQuery[], rounds: number): Promise<Timing> {
  const times: Timing[] = [];
  for (let r = 0; r < rounds; r++) {
    const query = queries[r % queries.length];
    times.push(await measure(() => genie.usage.getSummary(query)));
  }

  return { wall: median(times.map((t) => t.wall)), cpu: median(times.map((t) => t.cpu)) };
}

/**
 * How busy the machine is: CPU ns per element of summing a Float64Array, which
 * takes well under 1 ns on an idle modern core. Scale the results by it.
 */
function calibrate(): number {
  const values = new Float64Array(1_000_000).fill(1.5);
  let sum = 0;
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < 20; round++)
    for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const cpu = process.cpuUsage(cpuBefore);
  if (sum === 0) throw new Error("unreachable");

  return ((cpu.user + cpu.system) * 1000) / (20 * values.length);
}

function create(): Promise<Genie> {
  return Genie.create({ features: { tokenUsageRecorder: memoryRecorderPlugin } });
}

export async function run(): Promise<void> {
  const pool = createInputPool(POOL_SIZE);
  const results: Record<string, number[]> = {};
  const note = (name: string, value: number | Timing) => {
    const values =
      typeof value === "number"
        ? { [name]: value }
        : {
            [name]: value.wall,
            [`  (cpu) ${name}`]: value.cpu,
          };
    for (const [key, v] of Object.entries(values)) {
      results[key] ??= [];
      results[key].push(v);
    }
  };
  const userQueries = USERS.slice(0, 50).map((userId) => ({ filter: { userId } }));
  const dayFilter = { since: START + 86_400_000 * 3, until: START + 86_400_000 * 4 };

  for (let r = 0; r < RUNS; r++) {
    note("calibration: ns per array element", calibrate());
    // The baseline includes an empty Genie (and the price catalog it loads).
    let genie: Genie | null = await create();
    const before = retainedBytes();
    note("record ns/record", await fill(genie, pool));
    note("retained bytes/record", (retainedBytes() - before) / RECORDS);
    note("unfiltered summary ms", await timeQuery(genie, [{}], 200));
    note("one user ms", await timeQuery(genie, userQueries, 50));
    note("grouped by day ms", await timeQuery(genie, [{ groupBy: ["day"] }], 15));
    const berlin: UsageQuery = { groupBy: ["modelName", "day"], timeZone: "Europe/Berlin" };
    note("model x day, Europe/Berlin ms", await timeQuery(genie, [berlin], 5));
    note("one tag ms", await timeQuery(genie, [{ filter: { tags: { team: "infra" } } }], 5));
    note("one day (since/until) ms", await timeQuery(genie, [{ filter: dayFilter }], 5));
    const cleared = await genie.usage.clearRecords({ filter: { userId: USERS[7] as string } });
    note("records cleared for one user", cleared);
    await genie.close();
    genie = null;
  }

  console.log(`memory recorder, ${RECORDS} records, ${RUNS} runs, Node ${process.version}`);
  console.log("(cpu): CPU time of the process, which counts GC threads but not waiting for a core");
  for (const [name, values] of Object.entries(results)) {
    const shown = values.map((v) => v.toFixed(v < 10 ? 3 : 1)).join(" ");
    console.log(
      `${name.padEnd(32)} median ${median(values).toFixed(3).padStart(10)}   runs: ${shown}`,
    );
  }
}
