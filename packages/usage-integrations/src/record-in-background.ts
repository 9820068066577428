import { buildUsageRecord, type CallAttribution, type LLMUsageInfo } from "@genie/usage-core";
import type { UsageSink } from "./types.js";

/** How one call ended, as far as its record is concerned. */
export interface CallOutcome {
  readonly providerId: string;
  /** The model the caller asked for, used when the provider reported none. */
  readonly requestedModel: string | null | undefined;
  readonly usage: LLMUsageInfo;
  /** The call ended before its final usage arrived (aborted, broken off, failed). */
  readonly isIncomplete: boolean;
}

/**
 * Records without being awaited on the call's path. A failure, synchronous or
 * not, is counted by `noteAutoRecordFailure` and never reaches the caller.
 */
export function recordInBackground(
  usage: UsageSink,
  outcome: CallOutcome,
  attribution: CallAttribution,
): void {
  try {
    const modelName = outcome.usage.modelName || outcome.requestedModel || "unknown";
    const record = buildUsageRecord(
      outcome.providerId,
      modelName,
      outcome.usage,
      attribution,
      outcome.isIncomplete,
    );
    usage.recordUsage(record).catch((error: unknown) => noteFailure(usage, error));
  } catch (error) {
    noteFailure(usage, error);
  }
}

/** Counts a failure; even a throwing counter must not reach the caller. */
export function noteFailure(usage: UsageSink, error: unknown): void {
  try {
    usage.noteAutoRecordFailure(error);
  } catch {
    // Nothing left to report to: the call itself must go on.
  }
}
