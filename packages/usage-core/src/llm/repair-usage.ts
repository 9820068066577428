import type { LLMUsageInfo } from "../types.js";
import { COUNT_FIELDS } from "../validate-record.js";

type CountField = (typeof COUNT_FIELDS)[number];
export type UsageCounts = { [K in CountField]: number | null };

/** The counts a record can hold, and the names of those set to null to get there. */
export interface RepairedUsage {
  readonly counts: UsageCounts;
  readonly dropped: readonly CountField[];
}

/**
 * The counts of a provider's usage that the record validator accepts. A
 * count it would reject makes it drop the whole record, and with it the
 * call's usage; here only the impossible count becomes null (unknown):
 * - a count that is not a whole number from 0 to 2^53 - 1;
 * - with no total, the larger of prompt and completion when their sum (the
 *   total the record would compute) passes 2^53 - 1;
 * - a cached count above the prompt, then a cache-write count that takes the
 *   cached parts above it;
 * - a reasoning count above the completion.
 */
export function repairUsage(usage: LLMUsageInfo): RepairedUsage {
  const counts = {} as UsageCounts;
  const dropped: CountField[] = [];
  const drop = (field: CountField): void => {
    counts[field] = null;
    dropped.push(field);
  };
  for (const field of COUNT_FIELDS) {
    const value: unknown = usage[field];
    counts[field] = isCount(value) ? value : null;
    if (value !== null && value !== undefined && !isCount(value)) dropped.push(field);
  }

  const { promptTokens: prompt, completionTokens: completion } = counts;
  if (
    counts.totalTokens === null &&
    prompt !== null &&
    completion !== null &&
    prompt + completion > Number.MAX_SAFE_INTEGER
  ) {
    drop(prompt >= completion ? "promptTokens" : "completionTokens");
  }
  checkParts(counts, drop);

  return { counts, dropped };
}

function checkParts(counts: UsageCounts, drop: (field: CountField) => void): void {
  const { promptTokens: prompt, completionTokens: completion } = counts;
  if (prompt !== null && counts.cachedPromptTokens !== null && counts.cachedPromptTokens > prompt)
    drop("cachedPromptTokens");
  const cached = counts.cachedPromptTokens ?? 0;
  if (
    prompt !== null &&
    counts.cacheWriteTokens !== null &&
    cached + counts.cacheWriteTokens > prompt
  )
    drop("cacheWriteTokens");
  if (completion !== null && counts.reasoningTokens !== null && counts.reasoningTokens > completion)
    drop("reasoningTokens");
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
