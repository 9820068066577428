import { GenieUsageError } from "@genie/usage-core";

/** Server replies that mean "not now" rather than "never": worth retrying. */
const TRANSIENT_REPLIES = [
  "LOADING",
  "BUSY",
  "TRYAGAIN",
  "CLUSTERDOWN",
  "MASTERDOWN",
  "READONLY",
  "OOM",
  "NOREPLICAS",
] as const;

/**
 * Whether a failed write may succeed if sent again. Connection failures always
 * may; a reply error only when the server says it is busy, loading or failing over.
 */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Refused by this package's own checks: the same batch is refused every time.
  if (error instanceof GenieUsageError) return false;
  // A bug on this side (bad arguments), not the network: sending again cannot help.
  if (error instanceof TypeError || error instanceof RangeError) return false;
  if (error.name !== "ReplyError") return true;

  return TRANSIENT_REPLIES.some((code) => error.message.startsWith(code));
}

/** The ingest script refused a batch that would carry a counter past its limit. */
export function isCounterOverflow(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("GENIE_COUNTER_OVERFLOW");
}

/** Exponential backoff from 25 ms, capped, with jitter so writers do not retry in step. */
export function retryDelay(attempt: number, maxDelayMs: number): number {
  const exponential = Math.min(maxDelayMs, 25 * 2 ** Math.min(attempt, 20));

  return Math.round(exponential * (0.5 + Math.random() * 0.5));
}

/** A sleep that `wake()` ends early (used when a recorder gives up on close). */
export class Sleeper {
  #timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.#timers.add(entry);
    });
  }

  wake(): void {
    for (const entry of this.#timers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.#timers.clear();
  }
}
