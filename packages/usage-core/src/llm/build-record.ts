import type { LLMUsageInfo, UsageRecordInput, UsageTags } from "../types.js";
import { currentUsageContext, mergeUsageContext } from "../usage-context.js";
import type { LLMCallOptions } from "./types.js";

/** Who a call is recorded for, fixed when the call starts. */
export interface CallAttribution {
  readonly callType: string;
  readonly userId: string | null;
  readonly sessionId: string | null;
  readonly tags: UsageTags | undefined;
}

/** The call's options over the surrounding withUsageContext scope (options win). */
export function resolveAttribution(options: LLMCallOptions, callType: string): CallAttribution {
  const context = mergeUsageContext(currentUsageContext(), {
    userId: options.userId,
    sessionId: options.sessionId,
    tags: options.tags,
  });

  return {
    callType: options.callType ?? callType,
    userId: context.userId ?? null,
    sessionId: context.sessionId ?? null,
    tags: context.tags,
  };
}

/** One call's record: the provider, the model it reported, its counts and attribution. */
export function buildUsageRecord(
  providerId: string,
  modelName: string,
  usage: LLMUsageInfo,
  attribution: CallAttribution,
  isIncomplete: boolean,
): UsageRecordInput {
  const tags = isIncomplete ? { ...attribution.tags, incomplete: true } : attribution.tags;

  return {
    providerId,
    modelName,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    totalTokens: usage.totalTokens,
    cachedPromptTokens: usage.cachedPromptTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
    reasoningTokens: usage.reasoningTokens,
    callType: attribution.callType,
    userId: attribution.userId,
    sessionId: attribution.sessionId,
    customTags: tags && Object.keys(tags).length > 0 ? tags : null,
  };
}
