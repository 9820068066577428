import type { UsageGroup, UsageSummary, UsageTotals } from "@genie/usage-core";

const TOTALS_FIELDS = [
  "count",
  "prompt",
  "completion",
  "total",
  "cachedPrompt",
  "cacheWrite",
  "reasoning",
  "costUsd",
  "unpricedRecords",
] as const;

const SUMMARY_FIELDS = [
  "totalRecords",
  "totalPromptTokens",
  "totalCompletionTokens",
  "totalTokensOverall",
  "totalCachedPromptTokens",
  "totalCacheWriteTokens",
  "totalReasoningTokens",
  "totalCostUsd",
  "unpricedRecords",
  "unpricedTokens",
  "firstTimestamp",
  "lastTimestamp",
] as const;

function pickTotals(totals: UsageTotals): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of TOTALS_FIELDS) out[field] = totals?.[field];

  return out;
}

/**
 * The contract's fields of a summary and nothing else, so a recorder may add
 * fields of its own while every field the contract names is compared exactly.
 */
export function contractView(summary: UsageSummary): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) out[field] = summary[field];
  const byModel: Record<string, unknown> = {};
  for (const model of Object.keys(summary.byModel ?? {}).sort()) {
    Object.defineProperty(byModel, model, {
      value: pickTotals(summary.byModel[model]!),
      enumerable: true,
    });
  }
  out.byModel = byModel;
  if (summary.groups !== undefined) {
    out.groups = summary.groups.map((g: UsageGroup) => ({ key: g.key, ...pickTotals(g) }));
  }

  return out;
}
