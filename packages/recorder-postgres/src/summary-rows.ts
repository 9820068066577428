import type { GroupKey, NormalizedQuery, UsageSummary } from "@genie/usage-core";
import {
  bucketStart,
  buildSummary,
  createAccumulator,
  sortGroups,
  type TotalsAccumulator,
  toTotals,
} from "@genie/usage-core";
import type { SummaryPlan } from "./summary-sql.js";

/** A summary row as pg returns it: bigint and numeric sums arrive as strings. */
export interface SummaryRow {
  mask: number;
  count: string;
  prompt_tokens: string;
  completion_tokens: string;
  total_tokens: string;
  cached_prompt_tokens: string;
  cache_write_tokens: string;
  reasoning_tokens: string;
  cost_nanos: string;
  unpriced_records: string;
  unpriced_tokens: string;
  first_ms: string | null;
  last_ms: string | null;
  [key: `k${number}`]: unknown;
}

/** The counters of one row, cost in whole nano-dollars as core keeps them. */
function accumulatorOf(row: SummaryRow): TotalsAccumulator {
  return {
    count: Number(row.count),
    prompt: Number(row.prompt_tokens),
    completion: Number(row.completion_tokens),
    total: Number(row.total_tokens),
    cachedPrompt: Number(row.cached_prompt_tokens),
    cacheWrite: Number(row.cache_write_tokens),
    reasoning: Number(row.reasoning_tokens),
    costNanos: Number(row.cost_nanos),
    unpricedRecords: Number(row.unpriced_records),
    unpricedTokens: Number(row.unpriced_tokens),
    firstTimestamp: row.first_ms === null ? null : Number(row.first_ms),
    lastTimestamp: row.last_ms === null ? null : Number(row.last_ms),
  };
}

type Bound = "firstTimestamp" | "lastTimestamp";
type Counter = Exclude<keyof TotalsAccumulator, Bound>;

/**
 * Adds b into a: models into the overall totals, and groups that share a bucket
 * (possible only where PostgreSQL's and Node's zone data disagree).
 */
function merge(a: TotalsAccumulator, b: TotalsAccumulator): void {
  for (const field of Object.keys(b) as (keyof TotalsAccumulator)[]) {
    if (field !== "firstTimestamp" && field !== "lastTimestamp") {
      a[field as Counter] += b[field as Counter];
    }
  }
  if (
    b.firstTimestamp !== null &&
    (a.firstTimestamp === null || b.firstTimestamp < a.firstTimestamp)
  )
    a.firstTimestamp = b.firstTimestamp;
  if (b.lastTimestamp !== null && (a.lastTimestamp === null || b.lastTimestamp > a.lastTimestamp))
    a.lastTimestamp = b.lastTimestamp;
}

/**
 * A group's key. A time bucket is the epoch ms of its start, taken from core's
 * `bucketStart` of the group's first instant, so it is the contract's by definition.
 */
function keyOf(row: SummaryRow, plan: SummaryPlan, query: NormalizedQuery): GroupKey {
  const key: GroupKey = {};
  query.groupBy.forEach((g, i) => {
    const value = row[plan.keyColumns[i] as `k${number}`];
    if (g.kind === "time") {
      key[g.name] = bucketStart(Number(row.first_ms), g.bucket, query.timeZone);
    } else {
      key[g.name] = (value ?? null) as GroupKey[string];
    }
  });

  return key;
}

function groupsOf(rows: readonly SummaryRow[], plan: SummaryPlan, query: NormalizedQuery) {
  const byKey = new Map<string, { key: GroupKey; acc: TotalsAccumulator }>();
  for (const row of rows) {
    if (row.mask !== plan.masks.groups || Number(row.count) === 0) continue;
    const key = keyOf(row, plan, query);
    const id = JSON.stringify(query.groupBy.map((g) => [typeof key[g.name], key[g.name]]));
    const existing = byKey.get(id);
    if (existing) merge(existing.acc, accumulatorOf(row));
    else byKey.set(id, { key, acc: accumulatorOf(row) });
  }
  const groups = [...byKey.values()].map(({ key, acc }) => ({ key, ...toTotals(acc) }));

  return sortGroups(groups, query.groupBy);
}

/**
 * The contract's summary from the rows of `buildSummarySql`. The overall totals are
 * the per-model rows added up: every record has a model.
 */
export function summaryFromRows(
  rows: readonly SummaryRow[],
  plan: SummaryPlan,
  query: NormalizedQuery,
): UsageSummary {
  const overall = createAccumulator();
  const byModel = new Map<string, TotalsAccumulator>();
  for (const row of rows) {
    if (row.mask !== plan.masks.byModel || Number(row.count) === 0) continue;
    const acc = accumulatorOf(row);
    byModel.set(String(row.k0), acc);
    merge(overall, acc);
  }

  return buildSummary(
    overall,
    byModel,
    query.groupBy.length > 0 ? groupsOf(rows, plan, query) : undefined,
  );
}
