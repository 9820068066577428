// Pieces several benchmark suites share.
import type { UsageRecorder } from "@genie/usage-core";

/** A recorder that stores nothing, so a suite measures only what is in front of it. */
export const noopRecorder: UsageRecorder = {
  recordUsage: () => Promise.resolve(),
  getSummary: () => Promise.reject(new Error("not summarised in this benchmark")),
  clearRecords: () => Promise.resolve(0),
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
