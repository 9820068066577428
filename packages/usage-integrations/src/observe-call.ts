import {
  type CallAttribution,
  createStreamUsageAccumulator,
  extractUsage,
  type LLMUsageInfo,
  type UsageFormat,
} from "@genie/usage-core";
import { noteFailure, recordInBackground } from "./record-in-background.js";
import type { StreamTap } from "./sdk-call.js";
import type { UsageSink } from "./types.js";

/** One call in flight: where it records, for whom, and what was asked. */
export interface CallScope {
  readonly usage: UsageSink;
  readonly attribution: CallAttribution;
  readonly providerId: string;
  readonly requestedModel: string | null | undefined;
  readonly format: UsageFormat;
}

/** Records a whole (non-streamed) response; returns it untouched. */
export function recordResponse<T>(scope: CallScope, body: T): T {
  let usage: LLMUsageInfo;
  try {
    usage = extractUsage(scope.format, body);
  } catch (error) {
    noteFailure(scope.usage, error);
    return body;
  }
  record(scope, usage, false);

  return body;
}

/**
 * A tap that feeds every stream item to the format's accumulator and records
 * once when the stream ends. `show` decides what the caller sees of each item.
 */
export function usageTap<T>(scope: CallScope, show: (item: T) => T | undefined): StreamTap<T> {
  let accumulator: ReturnType<typeof createStreamUsageAccumulator> | undefined;
  let broken = false;
  let hasEnded = false;
  try {
    accumulator = createStreamUsageAccumulator(scope.format);
  } catch (error) {
    noteFailure(scope.usage, error);
  }

  return {
    onItem(item) {
      if (accumulator && !broken) {
        try {
          accumulator.push(item);
        } catch (error) {
          broken = true;
          noteFailure(scope.usage, error);
        }
      }

      return show(item);
    },
    onEnd(complete) {
      // A second iteration of a consumed stream fails at once; the call is recorded already.
      if (hasEnded || !accumulator || broken) return;
      hasEnded = true;
      try {
        const usage = accumulator.result();
        record(scope, usage, !complete || !usage.isComplete);
      } catch (error) {
        noteFailure(scope.usage, error);
      }
    },
  };
}

function record(scope: CallScope, usage: LLMUsageInfo, isIncomplete: boolean): void {
  recordInBackground(
    scope.usage,
    { providerId: scope.providerId, requestedModel: scope.requestedModel, usage, isIncomplete },
    scope.attribution,
  );
}
