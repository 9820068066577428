import type { UsageGroup, UsageRecord, UsageSummary, UsageTotals } from "./types.js";

/** Costs are summed in whole nano-dollars so every recorder agrees to the last digit. */
export const NANOS_PER_USD = 1_000_000_000;

export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD);
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

/** Running counters with cost kept in nano-dollars. */
export interface TotalsAccumulator {
  count: number;
  prompt: number;
  completion: number;
  total: number;
  cachedPrompt: number;
  cacheWrite: number;
  reasoning: number;
  costNanos: number;
  unpricedRecords: number;
  unpricedTokens: number;
  firstTimestamp: number | null;
  lastTimestamp: number | null;
}

export function createAccumulator(): TotalsAccumulator {
  return {
    count: 0,
    prompt: 0,
    completion: 0,
    total: 0,
    cachedPrompt: 0,
    cacheWrite: 0,
    reasoning: 0,
    costNanos: 0,
    unpricedRecords: 0,
    unpricedTokens: 0,
    firstTimestamp: null,
    lastTimestamp: null,
  };
}

/** Adds (sign 1) or removes (sign -1) one record. Timestamps only grow. */
export function accumulate(acc: TotalsAccumulator, record: UsageRecord, sign: 1 | -1 = 1): void {
  acc.count += sign;
  acc.prompt += sign * (record.promptTokens ?? 0);
  acc.completion += sign * (record.completionTokens ?? 0);
  acc.total += sign * (record.totalTokens ?? 0);
  acc.cachedPrompt += sign * (record.cachedPromptTokens ?? 0);
  acc.cacheWrite += sign * (record.cacheWriteTokens ?? 0);
  acc.reasoning += sign * (record.reasoningTokens ?? 0);
  if (record.costUsd === null) {
    acc.unpricedRecords += sign;
    acc.unpricedTokens += sign * (record.totalTokens ?? 0);
  } else {
    acc.costNanos += sign * usdToNanos(record.costUsd);
  }
  if (sign === 1) {
    if (acc.firstTimestamp === null || record.timestamp < acc.firstTimestamp)
      acc.firstTimestamp = record.timestamp;
    if (acc.lastTimestamp === null || record.timestamp > acc.lastTimestamp)
      acc.lastTimestamp = record.timestamp;
  }
}

export function toTotals(acc: TotalsAccumulator): UsageTotals {
  return {
    count: acc.count,
    prompt: acc.prompt,
    completion: acc.completion,
    total: acc.total,
    cachedPrompt: acc.cachedPrompt,
    cacheWrite: acc.cacheWrite,
    reasoning: acc.reasoning,
    costUsd: nanosToUsd(acc.costNanos),
    unpricedRecords: acc.unpricedRecords,
  };
}

export function emptyTotals(): UsageTotals {
  return toTotals(createAccumulator());
}

/** A summary from an overall accumulator, per-model accumulators and optional groups. */
export function buildSummary(
  overall: TotalsAccumulator,
  byModel: ReadonlyMap<string, TotalsAccumulator>,
  groups?: UsageGroup[],
): UsageSummary {
  const models: Record<string, UsageTotals> = {};
  for (const [model, acc] of byModel) {
    if (acc.count === 0) continue;
    // defineProperty, not assignment: a model named "__proto__" must stay a key.
    Object.defineProperty(models, model, {
      value: toTotals(acc),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const summary: UsageSummary = {
    totalRecords: overall.count,
    totalPromptTokens: overall.prompt,
    totalCompletionTokens: overall.completion,
    totalTokensOverall: overall.total,
    totalCachedPromptTokens: overall.cachedPrompt,
    totalCacheWriteTokens: overall.cacheWrite,
    totalReasoningTokens: overall.reasoning,
    totalCostUsd: nanosToUsd(overall.costNanos),
    unpricedRecords: overall.unpricedRecords,
    unpricedTokens: overall.unpricedTokens,
    firstTimestamp: overall.count > 0 ? overall.firstTimestamp : null,
    lastTimestamp: overall.count > 0 ? overall.lastTimestamp : null,
    byModel: models,
  };
  if (groups) summary.groups = groups;

  return summary;
}

export function emptySummary(withGroups = false): UsageSummary {
  return buildSummary(createAccumulator(), new Map(), withGroups ? [] : undefined);
}
