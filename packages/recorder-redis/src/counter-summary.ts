import {
  bucketStart,
  buildSummary,
  createAccumulator,
  type GroupKey,
  type NormalizedQuery,
  type TotalsAccumulator,
  type UsageGroup,
  type UsageSummary,
} from "@genie/usage-core";
import { mergeAccumulator, modelsFromHash, totalsFromHash } from "./counters.js";
import { timeKey, timestampOf } from "./encode-record.js";
import { GroupFolder } from "./group-folder.js";
import type { NamespaceKeys } from "./keys.js";
import type { CounterPlan } from "./query-plan.js";
import { runScript, SCRIPTS } from "./run-script.js";
import type { RedisClient } from "./types.js";

type CounterReply = [
  string[],
  string[],
  string[],
  string[][],
  string[][],
  string | null,
  string | null,
];

function readArguments(plan: CounterPlan, keys: NamespaceKeys): string[] {
  const ranged = plan.since !== undefined || plan.until !== undefined;
  const flag = (on: boolean): string => (on ? "1" : "0");

  return [
    flag(!ranged),
    flag(ranged || plan.bucket !== null),
    flag(ranged || (plan.bucket !== null && plan.byModel)),
    plan.since === undefined ? "-inf" : String(plan.since),
    plan.until === undefined ? "+inf" : `(${plan.until}`,
    plan.since === undefined ? "-" : `[${timeKey(plan.since)}`,
    plan.until === undefined ? "+" : `(${timeKey(plan.until)}`,
    keys.dayTotals,
    keys.dayModels,
  ];
}

function keyOf(query: NormalizedQuery, model: string | null, start: number | null): GroupKey {
  const key: GroupKey = {};
  for (const g of query.groupBy) key[g.name] = g.kind === "time" ? start : model;

  return key;
}

function foldGroups(
  plan: CounterPlan,
  query: NormalizedQuery,
  reply: CounterReply,
  byModel: ReadonlyMap<string, TotalsAccumulator>,
): UsageGroup[] | undefined {
  if (query.groupBy.length === 0) return undefined;
  const folder = new GroupFolder();
  const { bucket } = plan;
  if (bucket === null) {
    for (const [model, acc] of byModel) folder.add(keyOf(query, model, null), acc);
    return folder.groups(query);
  }
  reply[2].forEach((day, i) => {
    const start = bucketStart(Number(day), bucket, "UTC");
    if (!plan.byModel) folder.add(keyOf(query, null, start), totalsFromHash(reply[3][i] ?? []));
    else {
      for (const [model, acc] of modelsFromHash(reply[4][i] ?? []))
        folder.add(keyOf(query, model, start), acc);
    }
  });

  return folder.groups(query);
}

/** A summary read from counters alone: its cost follows days and models, not records. */
export async function counterSummary(
  client: RedisClient,
  keys: NamespaceKeys,
  plan: CounterPlan,
  query: NormalizedQuery,
): Promise<UsageSummary> {
  const reply = (await runScript(
    client,
    SCRIPTS.readCounters,
    [keys.records, keys.totals, keys.models, keys.days],
    readArguments(plan, keys),
  )) as CounterReply;
  const ranged = plan.since !== undefined || plan.until !== undefined;
  let overall = totalsFromHash(reply[0]);
  let byModel = modelsFromHash(reply[1]);
  if (ranged) {
    overall = createAccumulator();
    byModel = new Map();
    for (const flat of reply[3]) mergeAccumulator(overall, totalsFromHash(flat));
    for (const flat of reply[4]) modelsFromHash(flat, byModel);
  }
  overall.firstTimestamp = reply[5] ? timestampOf(reply[5]) : null;
  overall.lastTimestamp = reply[6] ? timestampOf(reply[6]) : null;

  return buildSummary(overall, byModel, foldGroups(plan, query, reply, byModel));
}
