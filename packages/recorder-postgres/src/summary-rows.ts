import type {
  GroupKey,
  NormalizedQuery,
  UsageGroup,
  UsageSummary,
  UsageTotals,
} from "@genie/usage-core";
import { bucketStart, emptyTotals, sortGroups } from "@genie/usage-core";
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

const NANOS_PER_USD = 1_000_000_000;

function totalsOf(row: SummaryRow): UsageTotals {
  return {
    count: Number(row.count),
    prompt: Number(row.prompt_tokens),
    completion: Number(row.completion_tokens),
    total: Number(row.total_tokens),
    cachedPrompt: Number(row.cached_prompt_tokens),
    cacheWrite: Number(row.cache_write_tokens),
    reasoning: Number(row.reasoning_tokens),
    costUsd: Number(row.cost_nanos) / NANOS_PER_USD,
    unpricedRecords: Number(row.unpriced_records),
  };
}

/**
 * Adds b into a: models into the overall totals, and groups that share a bucket
 * (possible only where PostgreSQL's and Node's zone data disagree).
 */
function addTotals(a: UsageTotals, b: UsageTotals): void {
  const costNanos = Math.round(a.costUsd * NANOS_PER_USD) + Math.round(b.costUsd * NANOS_PER_USD);
  a.count += b.count;
  a.prompt += b.prompt;
  a.completion += b.completion;
  a.total += b.total;
  a.cachedPrompt += b.cachedPrompt;
  a.cacheWrite += b.cacheWrite;
  a.reasoning += b.reasoning;
  a.costUsd = costNanos / NANOS_PER_USD;
  a.unpricedRecords += b.unpricedRecords;
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
  const byKey = new Map<string, UsageGroup>();
  for (const row of rows) {
    if (row.mask !== plan.masks.groups || Number(row.count) === 0) continue;
    const key = keyOf(row, plan, query);
    const id = JSON.stringify(query.groupBy.map((g) => [typeof key[g.name], key[g.name]]));
    const existing = byKey.get(id);
    if (existing) addTotals(existing, totalsOf(row));
    else byKey.set(id, { key, ...totalsOf(row) });
  }

  return sortGroups([...byKey.values()], query.groupBy);
}

/** The contract's summary from the rows of `buildSummarySql`. */
export function summaryFromRows(
  rows: readonly SummaryRow[],
  plan: SummaryPlan,
  query: NormalizedQuery,
): UsageSummary {
  const byModel: Record<string, UsageTotals> = {};
  const overall = {
    ...emptyTotals(),
    costNanos: 0,
    unpricedTokens: 0,
    first: Infinity,
    last: -Infinity,
  };
  for (const row of rows) {
    if (row.mask !== plan.masks.byModel || Number(row.count) === 0) continue;
    const totals = totalsOf(row);
    byModel[String(row.k0)] = totals;
    addTotals(overall, totals);
    overall.costNanos += Number(row.cost_nanos);
    overall.unpricedTokens += Number(row.unpriced_tokens);
    overall.first = Math.min(overall.first, Number(row.first_ms));
    overall.last = Math.max(overall.last, Number(row.last_ms));
  }
  const some = overall.count > 0;
  const summary: UsageSummary = {
    totalRecords: overall.count,
    totalPromptTokens: overall.prompt,
    totalCompletionTokens: overall.completion,
    totalTokensOverall: overall.total,
    totalCachedPromptTokens: overall.cachedPrompt,
    totalCacheWriteTokens: overall.cacheWrite,
    totalReasoningTokens: overall.reasoning,
    totalCostUsd: overall.costNanos / NANOS_PER_USD,
    unpricedRecords: overall.unpricedRecords,
    unpricedTokens: overall.unpricedTokens,
    firstTimestamp: some ? overall.first : null,
    lastTimestamp: some ? overall.last : null,
    byModel,
  };
  if (query.groupBy.length > 0) summary.groups = groupsOf(rows, plan, query);

  return summary;
}
