import {
  FlushIncompleteError,
  GenieUsageError,
  type Logger,
  type UsageRecord,
} from "@genie/usage-core";
import { isTransientError, retryDelay, Sleeper } from "./retry.js";
import type { OverflowPolicy } from "./types.js";

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

/** A caller whose records do not all fit yet; `rest` drains into the buffer in pieces. */
interface Waiter {
  rest: readonly UsageRecord[];
  /** Under `drop`: ends the wait (dropping the rest) when no batch is stored for a while. */
  stall: NodeJS.Timeout | null;
  resolve(): void;
  reject(error: Error): void;
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
const DROP_LOG_INTERVAL_MS = 10_000;
// Under `drop`, a batch larger than the room waits this long for a stored batch.
const DROP_STALL_MS = 2_000;
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
  readonly #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | null = null;
  #inFlight = 0;
  #pending = 0;
  #stored = 0;
  #failed = 0;
  #dropped = 0;
  #lastDropLog = 0;
  #outage = false;
  #abandoned = false;

  constructor(options: WriteBufferOptions) {
    this.#o = options;
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
   * drops its rest only when the server is unreachable or stores nothing for
   * DROP_STALL_MS.
   */
  accept(records: readonly UsageRecord[]): Promise<void> {
    const room = this.#waiters.length === 0 ? this.#room() : 0;
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

    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { rest, stall: null, resolve, reject };
      if (drop) this.#armStall(waiter);
      this.#waiters.push(waiter);
    });
  }

  #room(): number {
    return Math.max(0, this.#o.maxBufferedRecords - this.#pending);
  }

  #armStall(waiter: Waiter): void {
    if (waiter.stall !== null) clearTimeout(waiter.stall);
    waiter.stall = setTimeout(() => this.#giveUp(waiter), DROP_STALL_MS);
    waiter.stall.unref();
  }

  /** Drops what a waiting caller has left and lets it go (`drop` only). */
  #giveUp(waiter: Waiter): void {
    const at = this.#waiters.indexOf(waiter);
    if (at < 0) return;
    this.#waiters.splice(at, 1);
    if (waiter.stall !== null) clearTimeout(waiter.stall);
    this.#drop(waiter.rest.length);
    waiter.resolve();
    this.#release();
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
    const now = Date.now();
    if (now - this.#lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.#lastDropLog = now;
    this.#o.logger.warn(
      `Redis recorder "${this.#o.recorderId}" dropped records: its buffer of ` +
        `${this.#o.maxBufferedRecords} is full (overflow: "drop"). Dropped so far: ${this.#dropped}.`,
      { recorderId: this.#o.recorderId, dropped: this.#dropped },
    );
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
          this.#o.logger.error(
            `Redis recorder "${this.#o.recorderId}" could not store ${batch.records.length} ` +
              `record(s) at ${this.#o.label}: ${String(error)}`,
            { recorderId: this.#o.recorderId },
          );
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
    for (const waiter of this.#waiters.filter((w) => w.stall !== null)) this.#giveUp(waiter);
    this.#o.logger.warn(
      `Redis at ${this.#o.label} is unreachable; recorder "${this.#o.recorderId}" keeps ` +
        `${this.#pending} record(s) buffered and retries: ${String(error)}`,
      { recorderId: this.#o.recorderId },
    );
  }

  #recovered(): void {
    if (!this.#outage) return;
    this.#outage = false;
    this.#o.logger.info(`Redis at ${this.#o.label} is reachable again.`, {
      recorderId: this.#o.recorderId,
    });
  }

  #settle(batch: Batch, stored: boolean): void {
    if (batch.settled) return;
    batch.settled = true;
    batch.stored = stored;
    this.#open.delete(batch);
    this.#pending -= batch.records.length;
    if (stored) this.#stored += batch.records.length;
    else this.#failed += batch.records.length;
    if (stored) for (const waiter of this.#waiters) if (waiter.stall) this.#armStall(waiter);
    batch.resolve();
    this.#release();
  }

  /** Moves waiting callers' records into the room that was freed, oldest caller first. */
  #release(): void {
    while (this.#waiters.length > 0) {
      const waiter = this.#waiters[0]!;
      const room = this.#room();
      if (room === 0) return;
      this.#take(waiter.rest.slice(0, room));
      waiter.rest = waiter.rest.slice(room);
      if (waiter.rest.length > 0) {
        this.#cut();
        return;
      }
      this.#waiters.shift();
      if (waiter.stall !== null) clearTimeout(waiter.stall);
      waiter.resolve();
    }
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
    for (const waiter of this.#waiters.splice(0)) {
      if (waiter.stall !== null) clearTimeout(waiter.stall);
      waiter.reject(error());
    }
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
