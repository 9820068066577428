import type { LLMUsageInfo } from "../types.js";
import { createLastUsageAccumulator } from "./last-usage-accumulator.js";
import { countOf, objectOf, sumKnown, unknownUsage } from "./read-counts.js";
import type { FormatAccumulator } from "./types.js";

/**
 * Bedrock reports cache reads and writes beside `inputTokens`; they are added
 * to the prompt unless `totalTokens` shows that `inputTokens` already holds them
 * (total = input + output while cache counts are non-zero).
 */
export function readBedrockUsage(usage: unknown): LLMUsageInfo {
  const u = objectOf(usage);
  if (!u) return unknownUsage();
  const input = countOf(u.inputTokens);
  const output = countOf(u.outputTokens);
  const total = countOf(u.totalTokens);
  const cacheRead = countOf(u.cacheReadInputTokens);
  const cacheWrite = countOf(u.cacheWriteInputTokens);
  const cacheParts = (cacheRead ?? 0) + (cacheWrite ?? 0);
  const isIncluded =
    cacheParts > 0 && input !== null && output !== null && total === input + output;
  const promptTokens = input === null ? null : isIncluded ? input : input + cacheParts;

  return {
    promptTokens,
    completionTokens: output,
    totalTokens: total ?? sumKnown(promptTokens, output),
    cachedPromptTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: null,
    modelName: null,
  };
}

/** A Converse response names no model; the caller knows the model id it asked for. */
export function extractBedrockConverse(body: unknown): LLMUsageInfo {
  return readBedrockUsage(objectOf(body)?.usage);
}

/**
 * ConverseStream ends with a `metadata` event holding the usage. Accepts the
 * SDK's events (`{ metadata: { usage } }`) and bare event payloads (`{ usage }`).
 */
export function createBedrockConverseAccumulator(): FormatAccumulator {
  return createLastUsageAccumulator((event) => {
    const metadata = objectOf(event.metadata) ?? event;
    const hasUsage = objectOf(metadata.usage) !== undefined;

    return { usage: hasUsage ? readBedrockUsage(metadata.usage) : null, isFinal: true };
  });
}
