import type { LLMUsageInfo } from "../types.js";
import { countOf, objectOf, stringOf, sumKnown } from "./read-counts.js";
import type { FormatAccumulator } from "./types.js";

interface AnthropicCounts {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
}

const NO_COUNTS: AnthropicCounts = { input: null, output: null, cacheRead: null, cacheWrite: null };

// Fields a usage object leaves out keep their previous value: counts are cumulative.
function mergeCounts(previous: AnthropicCounts, usage: unknown): AnthropicCounts {
  const u = objectOf(usage);
  if (!u) return previous;

  return {
    input: countOf(u.input_tokens) ?? previous.input,
    output: countOf(u.output_tokens) ?? previous.output,
    cacheRead: countOf(u.cache_read_input_tokens) ?? previous.cacheRead,
    cacheWrite: countOf(u.cache_creation_input_tokens) ?? previous.cacheWrite,
  };
}

/**
 * Anthropic's `input_tokens` leaves out cache reads and writes; the record's
 * prompt holds all three. It is the sum of those given, so that a body with
 * cache counts but no `input_tokens` never has a prompt below its cached part.
 */
function toUsage(counts: AnthropicCounts, modelName: string | null): LLMUsageInfo {
  const { input, output, cacheRead, cacheWrite } = counts;
  const promptTokens = sumKnown(input, cacheRead, cacheWrite);

  return {
    promptTokens,
    completionTokens: output,
    totalTokens: sumKnown(promptTokens, output),
    cachedPromptTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: null,
    modelName,
  };
}

export function extractAnthropic(body: unknown): LLMUsageInfo {
  const b = objectOf(body);

  return toUsage(mergeCounts(NO_COUNTS, b?.usage), stringOf(b?.model));
}

/**
 * `message_start` carries the input counts (and a first output count);
 * `message_delta` carries cumulative counts, so the latest value of each field
 * wins and nothing is summed. The stream is complete at `message_stop`.
 */
export function createAnthropicAccumulator(): FormatAccumulator {
  let counts = NO_COUNTS;
  let model: string | null = null;
  let isComplete = false;

  return {
    push(event) {
      const e = objectOf(event);
      if (!e) return;
      if (e.type === "message_start") {
        const message = objectOf(e.message);
        model = stringOf(message?.model) ?? model;
        counts = mergeCounts(counts, message?.usage);
      } else if (e.type === "message_delta") {
        counts = mergeCounts(counts, e.usage);
      } else if (e.type === "message_stop") {
        isComplete = true;
      }
    },
    result() {
      return { ...toUsage(counts, model), isComplete };
    },
  };
}
