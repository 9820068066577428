import type { Logger } from "@genie/usage-core";

const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * What the write path tells the application: drops (at most one warning per ten
 * seconds), the start and end of an outage, and a batch refused for good.
 */
export class WriteLog {
  #lastDropLog = 0;

  constructor(
    private readonly logger: Logger,
    private readonly recorderId: string,
    private readonly label: string,
  ) {}

  dropped(total: number, bound: number): void {
    const now = Date.now();
    if (now - this.#lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.#lastDropLog = now;
    this.logger.warn(
      `Redis recorder "${this.recorderId}" dropped records: its buffer of ${bound} is full ` +
        `(overflow: "drop"). Dropped so far: ${total}.`,
      { recorderId: this.recorderId, dropped: total },
    );
  }

  unreachable(pending: number, error: unknown): void {
    this.logger.warn(
      `Redis at ${this.label} is unreachable; recorder "${this.recorderId}" keeps ` +
        `${pending} record(s) buffered and retries: ${String(error)}`,
      { recorderId: this.recorderId },
    );
  }

  recovered(): void {
    this.logger.info(`Redis at ${this.label} is reachable again.`, {
      recorderId: this.recorderId,
    });
  }

  refused(count: number, error: unknown): void {
    this.logger.error(
      `Redis recorder "${this.recorderId}" could not store ${count} record(s) at ` +
        `${this.label}: ${String(error)}`,
      { recorderId: this.recorderId },
    );
  }
}
