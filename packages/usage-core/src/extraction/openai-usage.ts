import type { LLMUsageInfo } from "../types.js";
import { childOf, countOf, objectOf, sumKnown, unknownUsage } from "./read-counts.js";

/** The field names of a usage object in OpenAI's two APIs. */
export interface OpenAIUsageFields {
  prompt: string;
  completion: string;
  promptDetails: string;
  completionDetails: string;
}

export const CHAT_FIELDS: OpenAIUsageFields = {
  prompt: "prompt_tokens",
  completion: "completion_tokens",
  promptDetails: "prompt_tokens_details",
  completionDetails: "completion_tokens_details",
};

export const RESPONSES_FIELDS: OpenAIUsageFields = {
  prompt: "input_tokens",
  completion: "output_tokens",
  promptDetails: "input_tokens_details",
  completionDetails: "output_tokens_details",
};

/** Cached and reasoning counts are details of the prompt and completion: parts, never added. */
export function readOpenAIUsage(
  usage: unknown,
  fields: OpenAIUsageFields,
  modelName: string | null,
): LLMUsageInfo {
  const u = objectOf(usage);
  if (!u) return unknownUsage(modelName);
  const promptTokens = countOf(u[fields.prompt]);
  const completionTokens = countOf(u[fields.completion]);

  return {
    promptTokens,
    completionTokens,
    totalTokens: countOf(u.total_tokens) ?? sumKnown(promptTokens, completionTokens),
    cachedPromptTokens: countOf(childOf(u, fields.promptDetails)?.cached_tokens),
    cacheWriteTokens: null,
    reasoningTokens: countOf(childOf(u, fields.completionDetails)?.reasoning_tokens),
    modelName,
  };
}
