import type { Logger, RecorderStats, UsageRecord } from "@genie/usage-core";
import { FlushIncompleteError, messageOf, RecorderClosedError } from "@genie/usage-core";
import { PendingRecords } from "./pending-records.js";
import { cancellableSleep, settlesWithin } from "./retry.js";
import { type RetryHost, writeWithRetry } from "./retrying-write.js";
import type { OverflowPolicy } from "./types.js";

export interface BatchWriterOptions {
  readonly recorderId: string;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBufferedRecords: number;
  readonly overflow: OverflowPolicy;
  readonly flushTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  /** Batches in flight at once. */
  readonly concurrency: number;
  readonly logger: Logger;
  /** Stores one batch; a retry of a stored batch must be harmless. */
  readonly write: (batch: readonly UsageRecord[]) => Promise<void>;
}

/** Under `drop`, how long a batch waits for the store to free room before dropping. */
const DROP_WAIT_MS = 2000;

/**
 * A bounded buffer drained in batches, up to `concurrency` at once. Failed batches are
 * retried with capped backoff while the store is down; past the bound, `block` or
 * `drop` applies. A batch that keeps failing for a reason that will not pass is
 * halved until the record at fault is alone, and only that one is counted as failed.
 */
export class BatchWriter {
  private buffer: UsageRecord[] = [];
  private inFlight = 0;
  private workers = 0;
  private aborted = false;
  private closing = false;
  private timer: NodeJS.Timeout | undefined;
  private sleep: { cancel(): void } | undefined;
  private spaceWaiters: (() => void)[] = [];
  private readonly waiting = new PendingRecords();
  private lastDropLog = 0;
  private readonly counts = { stored: 0, failed: 0, dropped: 0 };

  /** What a batch being written reports back, and the sleep close() cuts short. */
  private readonly retryHost: RetryHost;

  constructor(private readonly options: BatchWriterOptions) {
    this.retryHost = {
      write: (batch) => this.options.write(batch),
      logger: this.options.logger,
      maxRetryDelayMs: this.options.maxRetryDelayMs,
      aborted: () => this.aborted,
      meta: () => this.meta(),
      sleep: (ms) => {
        const sleep = cancellableSleep(ms);
        this.sleep = sleep;
        return sleep.done;
      },
      stored: (records) => {
        if (this.aborted) return; // already counted as failed
        this.counts.stored += records;
        this.lastError = undefined;
      },
      errored: (error) => {
        this.lastError = error;
      },
      failed: (records, error, hint) => this.fail(records, error, hint),
    };
  }

  stats(): Required<RecorderStats> {
    return { ...this.counts, pending: this.pending() };
  }

  pending(): number {
    return this.aborted ? 0 : this.buffer.length + this.inFlight;
  }

  /**
   * Accepts records into the buffer; past the bound, waits for room (writing what is
   * buffered meanwhile) or drops. A batch larger than the buffer drains through it in
   * pieces: under `drop` it waits while batches keep being stored, and drops only
   * once the store is failing or has stored nothing for `DROP_WAIT_MS`.
   */
  async add(records: readonly UsageRecord[], now = false): Promise<void> {
    for (const record of records) {
      let dropped = false;
      this.refuseIfClosing();
      while (this.pending() >= this.options.maxBufferedRecords && !this.aborted) {
        this.refuseIfClosing();
        this.schedule(true);
        if (this.options.overflow === "drop" && (!now || !(await this.progressWithin()))) {
          this.drop();
          dropped = true;
          break;
        }
        if (this.options.overflow === "block") await this.spaceFreed();
      }
      if (dropped || this.pending() >= this.options.maxBufferedRecords) continue;
      if (this.isRepeat(record)) {
        // The record accepted first with this id is not stored yet: it wins, as it
        // would in the store. A parallel batch must not get the repeat in first.
        this.counts.stored += 1;
        continue;
      }
      this.buffer.push(record);
      this.waiting.accept();
    }
    this.schedule(now);
  }

  /** Caller ids in the buffer or in flight (generated ids never repeat). */
  private readonly pendingIds = new Set<string>();

  private isRepeat(record: UsageRecord): boolean {
    if (record.idSource !== "caller") return false;
    if (this.pendingIds.has(record.id)) return true;
    this.pendingIds.add(record.id);

    return false;
  }

  /**
   * Accepts nothing more: callers waiting for room reject with `RecorderClosedError`
   * (what they had accepted before stays accepted), so a flush after this covers
   * every accepted record.
   */
  stopAccepting(): void {
    this.closing = true;
    for (const wake of this.spaceWaiters.splice(0)) wake();
  }

  private refuseIfClosing(): void {
    if (this.closing) throw new RecorderClosedError(`Recorder "${this.options.recorderId}"`);
  }

  private spaceFreed(): Promise<void> {
    return new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
  }

  /** Whether room frees up soon: a healthy store is writing and finishes a batch. */
  private async progressWithin(): Promise<boolean> {
    if (this.lastError !== undefined || this.workers === 0) return false;
    const freed = await settlesWithin(this.spaceFreed(), DROP_WAIT_MS);

    return freed && this.lastError === undefined;
  }

  /**
   * Resolves once everything accepted so far is stored; rejects after the timeout,
   * or (when `report`) when records failed for good since the last flush.
   */
  async flush(report = true): Promise<void> {
    const upTo = this.waiting.accepted;
    this.schedule(true);
    if (this.waiting.isWaiting(upTo)) {
      const stored = this.waiting.waitFor(upTo);
      if (!(await settlesWithin(stored, this.options.flushTimeoutMs))) {
        const notStored = this.waiting.countBefore(upTo);
        throw new FlushIncompleteError(this.options.recorderId, notStored, this.lastError);
      }
    }
    if (report) this.reportFailures();
  }

  /** Records that failed for good since the last flush make that flush reject. */
  private reportFailures(): void {
    if (this.unreported === 0) return;
    const notStored = this.unreported;
    this.unreported = 0;
    throw new FlushIncompleteError(this.options.recorderId, notStored, this.lastFailure);
  }

  /**
   * Stops retrying and gives up on everything not stored yet, in the buffer or in a
   * batch still being written: it is counted as failed, and a late outcome of such a
   * batch no longer changes the counts (`pending` is 0 from here on). Returns how
   * many records were given up on.
   */
  abort(): number {
    if (this.aborted) return 0;
    this.aborted = true;
    clearTimeout(this.timer);
    this.sleep?.cancel();
    const lost = this.buffer.length + this.inFlight;
    this.counts.failed += lost;
    this.buffer = [];
    this.pendingIds.clear();
    this.waiting.discardBuffered();
    for (const wake of this.spaceWaiters.splice(0)) wake();

    return lost;
  }

  private lastError: unknown;
  private lastFailure: unknown;
  private unreported = 0;

  private drop(): void {
    this.counts.dropped += 1;
    const now = Date.now();
    if (now - this.lastDropLog >= 1000) {
      this.lastDropLog = now;
      this.options.logger.warn("postgres recorder buffer full; dropping usage records", {
        recorderId: this.options.recorderId,
        dropped: this.counts.dropped,
        maxBufferedRecords: this.options.maxBufferedRecords,
      });
    }
  }

  private schedule(now: boolean): void {
    if (this.buffer.length === 0 || this.aborted) return;
    if (now || this.buffer.length >= this.options.batchSize) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.startWorkers();
    } else if (this.workers === 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.startWorkers();
      }, this.options.flushIntervalMs);
    }
  }

  /** One worker per batch waiting, up to `concurrency`; each drains the buffer. */
  private startWorkers(): void {
    const batches = Math.ceil(this.buffer.length / this.options.batchSize);
    const wanted = Math.min(this.options.concurrency, batches);
    while (this.workers < wanted) void this.work();
  }

  private async work(): Promise<void> {
    this.workers += 1;
    try {
      while (this.buffer.length > 0 && !this.aborted) {
        const batch = this.buffer.splice(0, this.options.batchSize);
        const first = this.waiting.take(batch.length);
        this.inFlight += batch.length;
        try {
          await writeWithRetry(this.retryHost, batch);
        } finally {
          this.inFlight -= batch.length;
          this.waiting.finish(first);
          for (const record of batch) this.pendingIds.delete(record.id);
        }
        for (const wake of this.spaceWaiters.splice(0)) wake();
      }
    } finally {
      this.workers -= 1;
    }
  }

  private fail(records: number, error: unknown, hint?: string): void {
    if (this.aborted) return; // already counted by abort()
    this.lastFailure = error;
    this.counts.failed += records;
    this.unreported += records;
    this.options.logger.error(hint ?? "postgres recorder could not store usage records", {
      ...this.meta(),
      records,
      error: messageOf(error),
    });
  }

  private meta(): Record<string, unknown> {
    return { recorderId: this.options.recorderId, pending: this.pending() };
  }
}
