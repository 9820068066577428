import type { LLMUsageInfo } from "../types.js";
import { objectOf, unknownUsage } from "./read-counts.js";
import type { FormatAccumulator } from "./types.js";

/** What one chunk of a stream tells: the model, a cumulative usage, and whether it ends the stream. */
export interface ChunkReading {
  model?: string | null;
  usage?: LLMUsageInfo | null;
  isFinal?: boolean;
}

/**
 * The accumulator most formats share: counts in a chunk are cumulative, so the
 * last usage wins and nothing is summed; the stream is complete once a final
 * chunk carried usage.
 */
export function createLastUsageAccumulator(
  read: (chunk: Record<string, unknown>) => ChunkReading,
): FormatAccumulator {
  let usage: LLMUsageInfo | null = null;
  let model: string | null = null;
  let isComplete = false;

  return {
    push(event) {
      const chunk = objectOf(event);
      if (!chunk) return;
      const reading = read(chunk);
      model = reading.model ?? model;
      if (!reading.usage) return;
      usage = reading.usage;
      if (reading.isFinal) isComplete = true;
    },
    result() {
      return {
        ...(usage ?? unknownUsage()),
        modelName: model ?? usage?.modelName ?? null,
        isComplete,
      };
    },
  };
}
