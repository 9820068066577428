import type { LLMUsageInfo } from "@genie/usage-core";
import { expect } from "vitest";

/**
 * Reference mappings from each wire format's usage object to the record's
 * counts, written from DESIGN §6 independently of core's extraction.
 */
export type Counts = Omit<LLMUsageInfo, "modelName">;

// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON
type Json = any;

export function chatCounts(u: Json): Counts {
  return {
    promptTokens: u.prompt_tokens,
    completionTokens: u.completion_tokens,
    totalTokens: u.total_tokens,
    cachedPromptTokens: u.prompt_tokens_details.cached_tokens,
    cacheWriteTokens: null,
    reasoningTokens: u.completion_tokens_details.reasoning_tokens,
  };
}

export function responsesCounts(u: Json): Counts {
  return {
    promptTokens: u.input_tokens,
    completionTokens: u.output_tokens,
    totalTokens: u.total_tokens,
    cachedPromptTokens: u.input_tokens_details.cached_tokens,
    cacheWriteTokens: null,
    reasoningTokens: u.output_tokens_details.reasoning_tokens,
  };
}

export function anthropicCounts(u: Json): Counts {
  const prompt = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;

  return {
    promptTokens: prompt,
    completionTokens: u.output_tokens,
    totalTokens: prompt + u.output_tokens,
    cachedPromptTokens: u.cache_read_input_tokens,
    cacheWriteTokens: u.cache_creation_input_tokens,
    reasoningTokens: null,
  };
}

export const UNKNOWN_COUNTS: Counts = {
  promptTokens: null,
  completionTokens: null,
  totalTokens: null,
  cachedPromptTokens: null,
  cacheWriteTokens: null,
  reasoningTokens: null,
};

export interface ExpectedRecord extends Counts {
  providerId: string;
  modelName: string;
  callType?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  customTags?: Record<string, string | number | boolean> | null;
}

/** The whole stored record: the given fields, attribution defaults, a generated id. */
export function storedRecord(expected: ExpectedRecord): Record<string, unknown> {
  return {
    callType: "chat",
    userId: null,
    sessionId: null,
    customTags: null,
    costUsd: null,
    ...expected,
    id: expect.any(String),
    idSource: "generated",
    timestamp: expect.any(Number),
  };
}
