import {
  FlushIncompleteError,
  GenieUsageError,
  type Logger,
  type UsageRecord,
} from "@genie/usage-core";
import { isTransientError, retryDelay, Sleeper } from "./retry.js";
import { RoomWaiters } from "./room-waiters.js";
import type { OverflowPolicy } from "./types.js";
import { WriteLog } from "./write-log.js";

export interface WriteBufferOptions {
  readonly recorderId: string;
  readonly label: string;
  readonly logger: Logger;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBufferedRecords: number;
  readonly overflow: OverflowPolicy;
  readonly maxInFlightBatches: number;
  readonly maxRetryDelayMs: number;
  /** Stores a batch; must be idempotent, since a batch whose reply was lost is sent again. */
  readonly write: (records: readonly UsageRecord[]) => Promise<void>;
}

interface Batch {
  readonly records: readonly UsageRecord[];
  settled: boolean;
  stored: boolean;
  readonly done: Promise<void>;
  resolve(): void;
}

// A reply error that is not transient is tried this many times before the batch fails.
const MAX_PERMANENT_ATTEMPTS = 3;
const RESOLVED = Promise.resolve();

/**
 * The bounded in-process buffer between `recordUsage` and Redis: records are cut
 * into batches, written a few at a time, and retried with capped backoff while the
 * server is unreachable. `pending` counts every record accepted and not yet settled.
 */
export class WriteBuffer {
  readonly #o: WriteBufferOptions;
  readonly #sleeper = new Sleeper();
  #buffer: UsageRecord[] = [];
  readonly #queue: Batch[] = [];
  readonly #open = new Set<Batch>();
  readonly #waiters = new RoomWaiters({
    room: () => Math.max(0, this.#o.maxBufferedRecords - this.#pending),
    take: (records) => this.#take(records),
    drop: (count) => this.#drop(count),
    cut: () => this.#cut(),
  });
  #timer: NodeJS.Timeout | null = null;
  #inFlight = 0;
  #pending = 0;
  #stored = 0;
  #failed = 0;
  #dropped = 0;
  #outage = false;
  #abandoned = false;

  readonly #log: WriteLog;

  constructor(options: WriteBufferOptions) {
    this.#o = options;
    this.#log = new WriteLog(options.logger, options.recorderId, options.label);
  }

  stats(): { stored: number; pending: number; failed: number; dropped: number } {
    return {
      stored: this.#stored,
      pending: this.#pending,
      failed: this.#failed,
      dropped: this.#dropped,
    };
  }

  /**
   * Accepts records; past the bound, `block` waits for room and `drop` discards.
   * The bound is hard: a batch larger than the room drains through the buffer in
   * pieces as batches are stored. Under `drop`, a single record that does not fit
   * is dropped at once; a larger batch waits while batches keep being stored, and
   * drops its rest only when the server is unreachable or stores nothing for 2 s.
   */
  accept(records: readonly UsageRecord[]): Promise<void> {
    const room =
      this.#waiters.size === 0 ? Math.max(0, this.#o.maxBufferedRecords - this.#pending) : 0;
    if (records.length <= room) {
      this.#take(records);
      return RESOLVED;
    }
    if (room > 0) this.#take(records.slice(0, room));
    const rest = records.slice(room);
    const drop = this.#o.overflow === "drop";
    if (drop && (records.length === 1 || this.#outage)) {
      this.#drop(rest.length);
      return RESOLVED;
    }
    this.#cut();

    return this.#waiters.wait(rest, drop);
  }

  #take(records: readonly UsageRecord[]): void {
    if (this.#abandoned) {
      this.#failed += records.length;
      return;
    }
    this.#pending += records.length;
    for (const record of records) this.#buffer.push(record);
    if (this.#buffer.length >= this.#o.batchSize) this.#cut();
    else if (this.#timer === null && this.#buffer.length > 0) {
      this.#timer = setTimeout(() => this.#cut(), this.#o.flushIntervalMs);
    }
  }

  #drop(count: number): void {
    this.#dropped += count;
    this.#log.dropped(this.#dropped, this.#o.maxBufferedRecords);
  }

  /** Moves the whole buffer into batches and starts writing them. */
  #cut(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const buffer = this.#buffer;
    this.#buffer = [];
    for (let i = 0; i < buffer.length; i += this.#o.batchSize) {
      let resolve = (): void => {};
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      const records = buffer.slice(i, i + this.#o.batchSize);
      const batch: Batch = { records, settled: false, stored: false, done, resolve };
      this.#queue.push(batch);
      this.#open.add(batch);
    }
    this.#pump();
  }

  #pump(): void {
    while (
      !this.#abandoned &&
      this.#inFlight < this.#o.maxInFlightBatches &&
      this.#queue.length > 0
    ) {
      const batch = this.#queue.shift()!;
      this.#inFlight += 1;
      void this.#send(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
  }

  async #send(batch: Batch): Promise<void> {
    for (let attempt = 1; !batch.settled; attempt++) {
      try {
        await this.#o.write(batch.records);
        this.#recovered();
        this.#settle(batch, true);
      } catch (error) {
        if (batch.settled) return;
        const transient = isTransientError(error);
        // A refusal of this package's own (GenieUsageError) is final at once.
        const final = error instanceof GenieUsageError || attempt >= MAX_PERMANENT_ATTEMPTS;
        if (!transient && final) {
          this.#log.refused(batch.records.length, error);
          this.#settle(batch, false);
          return;
        }
        if (transient) this.#unreachable(error);
        await this.#sleeper.sleep(retryDelay(attempt, this.#o.maxRetryDelayMs));
      }
    }
  }

  #unreachable(error: unknown): void {
    if (this.#outage) return;
    this.#outage = true;
    // Under `drop`, nothing will make room soon: what waits is dropped now.
    this.#waiters.stalled();
    this.#log.unreachable(this.#pending, error);
  }

  #recovered(): void {
    if (!this.#outage) return;
    this.#outage = false;
    this.#log.recovered();
  }

  #settle(batch: Batch, stored: boolean): void {
    if (batch.settled) return;
    batch.settled = true;
    batch.stored = stored;
    this.#open.delete(batch);
    this.#pending -= batch.records.length;
    if (stored) this.#stored += batch.records.length;
    else this.#failed += batch.records.length;
    if (stored) this.#waiters.progressed();
    batch.resolve();
    this.#waiters.release();
  }

  /**
   * Resolves once every record accepted before the call is stored; rejects with
   * FlushIncompleteError when some failed, or are still unstored after `timeoutMs`.
   */
  async flush(timeoutMs: number): Promise<void> {
    this.#cut();
    const targets = [...this.#open];
    if (targets.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(targets.map((b) => b.done)), timedOut]);
    clearTimeout(timer);
    const notStored = targets.reduce((n, b) => n + (b.stored ? 0 : b.records.length), 0);
    if (notStored === 0) return;
    const late = targets.some((b) => !b.settled);
    throw new FlushIncompleteError(
      this.#o.recorderId,
      notStored,
      new Error(
        late
          ? `Redis at ${this.#o.label} did not store them within ${timeoutMs} ms; raise flushTimeoutMs to wait longer.`
          : `Redis at ${this.#o.label} refused them; the error was logged.`,
      ),
    );
  }

  /**
   * Takes nothing more: callers still waiting for room reject with `error` (their
   * records were never accepted, so they count neither as stored nor as failed).
   */
  refuseWaiting(error: () => Error): void {
    this.#waiters.refuse(error);
  }

  /** Stops retrying: every record not yet stored counts as failed; no timer is left. */
  abandon(): void {
    this.#abandoned = true;
    this.#cut();
    for (const batch of [...this.#open]) this.#settle(batch, false);
    this.#queue.length = 0;
    this.#sleeper.wake();
  }

  get abandoned(): boolean {
    return this.#abandoned;
  }
}
