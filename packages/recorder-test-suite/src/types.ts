import type { UsageRecorder } from "@genie/usage-core";

/** What a recorder author hands to `runRecorderConformanceSuite`. */
export interface ConformanceTarget {
  /** Shown in the test names, e.g. "postgres". */
  name: string;
  /** A fresh, empty store and a recorder on it. Called once per test. */
  createRecorder(): Promise<UsageRecorder>;
  /** Persistent recorders only: a new recorder instance over the same store as `closed` (already closed). */
  reopenRecorder?(closed: UsageRecorder): Promise<UsageRecorder>;
  /** Called after each test for every recorder the test made: drop the store it owns. */
  destroyRecorder?(recorder: UsageRecorder): Promise<void>;
  capabilities?: { persistent?: boolean };
  /** Per-test timeout, ms (servers are slower). */
  timeoutMs?: number;
}
