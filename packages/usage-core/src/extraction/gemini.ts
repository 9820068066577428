import type { LLMUsageInfo } from "../types.js";
import { createLastUsageAccumulator } from "./last-usage-accumulator.js";
import { countOf, objectOf, stringOf, sumKnown, unknownUsage } from "./read-counts.js";
import type { FormatAccumulator } from "./types.js";

/**
 * Gemini counts thoughts and tool-use prompts beside, not inside, the prompt
 * and candidate counts; the record's prompt and completion include them.
 */
export function readGeminiUsage(usageMetadata: unknown, modelName: string | null): LLMUsageInfo {
  const u = objectOf(usageMetadata);
  if (!u) return unknownUsage(modelName);
  const prompt = countOf(u.promptTokenCount);
  const toolUsePrompt = countOf(u.toolUsePromptTokenCount);
  const thoughts = countOf(u.thoughtsTokenCount);
  const promptTokens = prompt === null ? null : prompt + (toolUsePrompt ?? 0);
  const completionTokens = sumKnown(countOf(u.candidatesTokenCount), thoughts);

  return {
    promptTokens,
    completionTokens,
    totalTokens: countOf(u.totalTokenCount) ?? sumKnown(promptTokens, completionTokens),
    cachedPromptTokens: countOf(u.cachedContentTokenCount),
    cacheWriteTokens: null,
    reasoningTokens: thoughts,
    modelName,
  };
}

export function extractGemini(body: unknown): LLMUsageInfo {
  const b = objectOf(body);

  return readGeminiUsage(b?.usageMetadata, stringOf(b?.modelVersion));
}

/** Each chunk may carry a running `usageMetadata`; the last one wins. */
export function createGeminiAccumulator(): FormatAccumulator {
  return createLastUsageAccumulator((chunk) => {
    const model = stringOf(chunk.modelVersion);
    if (!objectOf(chunk.usageMetadata)) return { model };
    const candidates = Array.isArray(chunk.candidates) ? chunk.candidates : [];

    return {
      model,
      usage: readGeminiUsage(chunk.usageMetadata, model),
      isFinal: candidates.some((c) => stringOf(objectOf(c)?.finishReason) !== null),
    };
  });
}
