import {
  bucketStart,
  buildSummary,
  createAccumulator,
  type GroupKey,
  type NormalizedQuery,
  type TotalsAccumulator,
  type UsageSummary,
} from "@genie/usage-core";
import { accumulatorFor, accumulatorOf, mergeAccumulator } from "./counters.js";
import { GroupFolder } from "./group-folder.js";
import type { NamespaceKeys } from "./keys.js";
import { runScript, SCRIPTS } from "./run-script.js";
import { filterJson, groupByJson, lexRange, slotSize } from "./scan-filter.js";
import type { RedisClient } from "./types.js";

type SumReply = [string | null, number, string[], string[][], string[][]];

function typedValue(part: string): string | number | boolean | null {
  const kind = part[0];
  if (kind === "s") return part.slice(1);
  if (kind === "n") return Number(part.slice(1));
  if (kind === "b") return part === "b1";

  return null;
}

function groupKeyOf(query: NormalizedQuery, parts: readonly string[]): GroupKey {
  const key: GroupKey = {};
  query.groupBy.forEach((g, i) => {
    const part = parts[i] ?? "x";
    key[g.name] =
      g.kind === "time"
        ? bucketStart(Number(part.slice(1)) * slotSize(query, g.bucket), g.bucket, query.timeZone)
        : typedValue(part);
  });

  return key;
}

function mergeStep(
  reply: SumReply,
  query: NormalizedQuery,
  overall: TotalsAccumulator,
  byModel: Map<string, TotalsAccumulator>,
  groups: GroupFolder,
): void {
  const [, , totals, models, rows] = reply;
  const step = accumulatorOf(totals);
  step.firstTimestamp = totals[10] ? Number(totals[10]) : null;
  step.lastTimestamp = totals[11] ? Number(totals[11]) : null;
  mergeAccumulator(overall, step);
  for (const row of models)
    mergeAccumulator(accumulatorFor(byModel, row[0]!), accumulatorOf(row, 1));
  const width = query.groupBy.length;
  for (const row of rows) groups.add(groupKeyOf(query, row), accumulatorOf(row, width));
}

/**
 * A summary no counter answers: the server filters and sums the records in
 * steps of `chunk` along the time index, and only partial sums reach Node.
 */
export async function scanSummary(
  client: RedisClient,
  keys: NamespaceKeys,
  query: NormalizedQuery,
  chunk: number,
): Promise<UsageSummary> {
  const scriptKeys = [keys.records, keys.ids, keys.totals, keys.models, keys.days];
  const filter = filterJson(query.filter);
  const groupBy = groupByJson(query);
  let { start, stop } = lexRange(query.filter);
  const overall = createAccumulator();
  const byModel = new Map<string, TotalsAccumulator>();
  const groups = new GroupFolder();
  for (;;) {
    const args = [start, stop, String(chunk), filter, groupBy];
    const reply = (await runScript(client, SCRIPTS.sumScan, scriptKeys, args)) as SumReply;
    mergeStep(reply, query, overall, byModel, groups);
    if (reply[1] < chunk || !reply[0]) break;
    start = `(${reply[0]}`;
  }

  return buildSummary(
    overall,
    byModel,
    query.groupBy.length > 0 ? groups.groups(query) : undefined,
  );
}
