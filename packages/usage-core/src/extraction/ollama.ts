import type { LLMUsageInfo } from "../types.js";
import { createLastUsageAccumulator } from "./last-usage-accumulator.js";
import { countOf, objectOf, stringOf, sumKnown, unknownUsage } from "./read-counts.js";
import type { FormatAccumulator } from "./types.js";

/**
 * Ollama leaves `prompt_eval_count` out when the whole prompt came from its
 * cache: the prompt count is then unknown (null), not zero.
 */
export function extractOllama(body: unknown): LLMUsageInfo {
  const b = objectOf(body);
  const promptTokens = countOf(b?.prompt_eval_count);
  const completionTokens = countOf(b?.eval_count);

  return {
    ...unknownUsage(stringOf(b?.model)),
    promptTokens,
    completionTokens,
    totalTokens: sumKnown(promptTokens, completionTokens),
  };
}

/** NDJSON chunks; the counts come in the one with `done: true`. */
export function createOllamaAccumulator(): FormatAccumulator {
  return createLastUsageAccumulator((chunk) => ({
    model: stringOf(chunk.model),
    usage: chunk.done === true ? extractOllama(chunk) : null,
    isFinal: true,
  }));
}
