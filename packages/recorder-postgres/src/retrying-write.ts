import type { Logger, UsageRecord } from "@genie/usage-core";
import { messageOf } from "@genie/usage-core";
import { backoffDelay, isMissingTable, isTransient } from "./retry.js";

/** A permanent failure (bad data) is retried this often, then isolated. */
const PERMANENT_ATTEMPTS = 3;

const MISSING_TABLE_HINT =
  "postgres recorder tables are missing; create them with migrate() (or start with migrate: true)";

/** The writer a batch reports to. */
export interface RetryHost {
  readonly write: (batch: readonly UsageRecord[]) => Promise<void>;
  readonly logger: Logger;
  readonly maxRetryDelayMs: number;
  aborted(): boolean;
  meta(): Record<string, unknown>;
  sleep(ms: number): Promise<void>;
  stored(records: number): void;
  errored(error: unknown): void;
  failed(records: number, error: unknown, hint?: string): void;
}

/**
 * Writes one batch: retried with capped backoff while the store is unavailable; a
 * failure that will not pass is retried a few times, then the batch is halved until
 * the record at fault is alone, and only that one is reported as failed.
 */
export async function writeWithRetry(
  host: RetryHost,
  batch: readonly UsageRecord[],
  permanentAttempts = PERMANENT_ATTEMPTS,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await host.write(batch);
      host.stored(batch.length);
      if (attempt > 0) host.logger.info("postgres recorder writing again", host.meta());
      return;
    } catch (error) {
      host.errored(error);
      if (isMissingTable(error)) {
        // Not one bad record: no record of the batch can go in. One line says why.
        host.failed(batch.length, error, MISSING_TABLE_HINT);
        return;
      }
      const permanent = !isTransient(error);
      const givenUp = permanent && attempt + 1 >= permanentAttempts;
      if (givenUp && batch.length > 1 && !host.aborted()) {
        // One record PostgreSQL cannot take (a NUL character, say) must not sink the
        // others: halve the batch until the failure is down to that record.
        const half = Math.ceil(batch.length / 2);
        await writeWithRetry(host, batch.slice(0, half), 1);
        await writeWithRetry(host, batch.slice(half), 1);
        return;
      }
      if (host.aborted() || givenUp) {
        host.failed(batch.length, error);
        return;
      }
      if (attempt === 0) {
        host.logger.warn("postgres recorder write failed; retrying", {
          ...host.meta(),
          error: messageOf(error),
        });
      }
      await host.sleep(backoffDelay(attempt, host.maxRetryDelayMs));
    }
  }
}
