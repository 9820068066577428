import type { LLMUsageInfo } from "../types.js";
import { createLastUsageAccumulator } from "./last-usage-accumulator.js";
import { CHAT_FIELDS, readOpenAIUsage } from "./openai-usage.js";
import { objectOf, stringOf } from "./read-counts.js";
import type { FormatAccumulator } from "./types.js";

export function extractOpenAIChat(body: unknown): LLMUsageInfo {
  const b = objectOf(body);

  return readOpenAIUsage(b?.usage, CHAT_FIELDS, stringOf(b?.model));
}

/**
 * Usage arrives in the last chunk (empty `choices`) when the request asked for
 * it; servers with a running usage (vLLM's continuous usage) send it on every
 * chunk, the one with a `finish_reason` included. The last one wins.
 */
export function createOpenAIChatAccumulator(): FormatAccumulator {
  return createLastUsageAccumulator((chunk) => {
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const model = stringOf(chunk.model);
    if (!objectOf(chunk.usage)) return { model };
    const hasFinished = choices.some((c) => stringOf(objectOf(c)?.finish_reason) !== null);

    return {
      model,
      usage: readOpenAIUsage(chunk.usage, CHAT_FIELDS, model),
      isFinal: choices.length === 0 || hasFinished,
    };
  });
}
