import type { RecorderPlugin, UsageRecorder } from "./types.js";

/** The major version of the recorder contract this core implements. */
export const RECORDER_CONTRACT_VERSION = 1;

/**
 * Type-checks a recorder plugin and stamps the contract version it was built
 * for. A plugin package's default export should be the result.
 */
export function defineRecorderPlugin<Options>(
  plugin: Omit<RecorderPlugin<Options>, "contractVersion"> & { contractVersion?: number },
): RecorderPlugin<Options> {
  return { contractVersion: RECORDER_CONTRACT_VERSION, ...plugin };
}

export function isRecorderPlugin(value: unknown): value is RecorderPlugin<never> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as RecorderPlugin).name === "string" &&
    typeof (value as RecorderPlugin).create === "function"
  );
}

const RECORDER_METHODS = ["recordUsage", "getSummary", "clearRecords", "flush", "close"] as const;

export function isUsageRecorder(value: unknown): value is UsageRecorder {
  return (
    typeof value === "object" &&
    value !== null &&
    RECORDER_METHODS.every((m) => typeof (value as Record<string, unknown>)[m] === "function")
  );
}

/** Which of the protocol's methods an object lacks. */
export function missingRecorderMethods(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [...RECORDER_METHODS];
  return RECORDER_METHODS.filter(
    (m) => typeof (value as Record<string, unknown>)[m] !== "function",
  );
}
