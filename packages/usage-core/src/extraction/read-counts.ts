import type { LLMUsageInfo } from "../types.js";

/** A plain object (parsed JSON), or undefined for anything else. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `object[key]` when it is a plain object. */
export function childOf(value: unknown, key: string): Record<string, unknown> | undefined {
  return objectOf(objectOf(value)?.[key]);
}

/** A token count as sent, or null when absent or not a whole number >= 0 (never NaN). */
export function countOf(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A non-empty string, or null. */
export function stringOf(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The sum of the known values; null when none is known. */
export function sumKnown(...values: (number | null)[]): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null) sum = (sum ?? 0) + value;

  return sum;
}

/** A usage where nothing is known. */
export function unknownUsage(modelName: string | null = null): LLMUsageInfo {
  return {
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    cachedPromptTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    modelName,
  };
}
