import type { LLMUsageInfo } from "@genie/usage-core";
import type { UsageMetadata } from "@langchain/core/messages";

/**
 * LangChain's `usage_metadata` in the record's terms. Its `input_tokens`
 * already holds cache reads and writes (`input_token_details`), and its
 * `output_tokens` the reasoning: they are parts, never added on top.
 */
export function usageFromMetadata(usage: UsageMetadata, modelName: string | null): LLMUsageInfo {
  return {
    promptTokens: countOf(usage.input_tokens),
    completionTokens: countOf(usage.output_tokens),
    totalTokens: countOf(usage.total_tokens),
    cachedPromptTokens: countOf(usage.input_token_details?.cache_read),
    cacheWriteTokens: countOf(usage.input_token_details?.cache_creation),
    reasoningTokens: countOf(usage.output_token_details?.reasoning),
    modelName,
  };
}

/** The legacy `llmOutput.tokenUsage` some models still give instead. */
export function usageFromTokenUsage(tokenUsage: unknown, modelName: string | null): LLMUsageInfo {
  const t = (tokenUsage ?? {}) as Record<string, unknown>;

  return {
    promptTokens: countOf(t.promptTokens),
    completionTokens: countOf(t.completionTokens),
    totalTokens: countOf(t.totalTokens),
    cachedPromptTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    modelName,
  };
}

/**
 * The usage of a streamed run from the usage each chunk carried. Chunk usages
 * are deltas by LangChain's convention, and LangChain sums them into the final
 * message. Some integrations pass a provider's running totals through instead,
 * repeating the input count in every chunk; summing those would count the run
 * many times. A run whose chunks state the input count more than once is read
 * as running totals: its last chunk's usage is the run's.
 */
export function usageOfChunks(chunks: readonly UsageMetadata[]): UsageMetadata | undefined {
  const stating = chunks.filter((c) => (c.input_tokens ?? 0) > 0);
  if (stating.length > 1) return chunks[chunks.length - 1];

  return undefined;
}

function countOf(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
