import {
  FlushIncompleteError,
  type Logger,
  type NormalizedFilter,
  type NormalizedQuery,
  RecorderClosedError,
  RecorderFailedError,
  type RecorderStats,
  revalidateFilter,
  revalidateQuery,
  silentLogger,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "@genie/usage-core";
import { clearRecords } from "./clear-records.js";
import { bindDeadlines, CommandDeadlines } from "./command-deadline.js";
import { type Connection, closeConnection, openConnection } from "./connection.js";
import { counterSummary } from "./counter-summary.js";
import { ingestArguments } from "./ingest-args.js";
import { type NamespaceKeys, namespaceKeys } from "./keys.js";
import { listRecords } from "./list-records.js";
import { type ResolvedRedisOptions, resolveOptions } from "./options.js";
import { counterPlan } from "./query-plan.js";
import { RetentionTimer } from "./retention.js";
import { isCounterOverflow } from "./retry.js";
import { runScript, SCRIPTS } from "./run-script.js";
import { scanSummary } from "./scan-summary.js";
import type { RedisClient, RedisRecorderOptions } from "./types.js";
import { WriteBuffer } from "./write-buffer.js";

export interface RedisRecorderContext {
  readonly recorderId?: string;
  readonly logger?: Logger;
}

/** A UsageRecorder on Redis or Redis Cluster (see the package README for the storage design). */
export class RedisRecorder implements UsageRecorder {
  readonly #options: ResolvedRedisOptions;
  readonly #connection: Connection;
  readonly #keys: NamespaceKeys;
  readonly #buffer: WriteBuffer;
  readonly #retention: RetentionTimer | null;
  readonly #recorderId: string;
  #deadlines: CommandDeadlines | null = null;
  #closed = false;

  constructor(options: RedisRecorderOptions = {}, context: RedisRecorderContext = {}) {
    this.#options = resolveOptions(options);
    const logger = context.logger ?? silentLogger;
    this.#recorderId = context.recorderId ?? "redis";
    this.#connection = openConnection(this.#options);
    this.#keys = namespaceKeys(this.#options.prefix);
    // ioredis emits connection errors as events; the write path reports outages itself.
    if (this.#connection.owned) {
      this.#connection.client.on("error", () => {});
      this.#deadlines = new CommandDeadlines(this.#options.commandTimeoutMs);
      bindDeadlines(this.#connection.client, this.#deadlines);
    }
    const o = this.#options;
    this.#buffer = new WriteBuffer({
      recorderId: this.#recorderId,
      label: this.#connection.label,
      logger,
      batchSize: o.batchSize,
      flushIntervalMs: o.flushIntervalMs,
      maxBufferedRecords: o.maxBufferedRecords,
      overflow: o.overflow,
      maxInFlightBatches: o.maxInFlightBatches,
      maxRetryDelayMs: o.maxRetryDelayMs,
      write: (records) => this.#write(records),
    });
    this.#retention =
      o.retentionDays === null
        ? null
        : new RetentionTimer(o.retentionDays, o.retentionIntervalMs, logger, (cutoff) =>
            this.pruneOlderThan(cutoff),
          );
  }

  /** The ioredis client in use (the given one, or the one this recorder opened). */
  get client(): RedisClient {
    return this.#connection.client;
  }

  /** The key prefix of this recorder's namespace, hash tag included: `{prefix}:`. */
  get keyPrefix(): string {
    return `{${this.#options.prefix}}:`;
  }

  async #write(records: readonly UsageRecord[]): Promise<void> {
    const { keys, args } = ingestArguments(this.#keys, records);
    try {
      await runScript(this.#connection.client, SCRIPTS.ingest, keys, args);
    } catch (error) {
      if (!isCounterOverflow(error)) throw error;
      // Refused before any write: counters and records stay consistent.
      throw new RecorderFailedError(this.#recorderId, `store ${records.length} record(s)`, error);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new RecorderClosedError(`Redis recorder "${this.#recorderId}"`);
  }

  recordUsage(record: UsageRecord): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closedError());
    return this.#buffer.accept([record]);
  }

  recordBatch(records: readonly UsageRecord[]): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closedError());
    return this.#buffer.accept(records);
  }

  #closedError(): RecorderClosedError {
    return new RecorderClosedError(`Redis recorder "${this.#recorderId}"`);
  }

  /**
   * Reads see every record accepted before them: pending writes are flushed first.
   * Queries and filters are checked again with core's rules (direct use).
   */
  async getSummary(raw: NormalizedQuery): Promise<UsageSummary> {
    this.#assertOpen();
    const query = revalidateQuery(raw);
    await this.flush();
    const plan = counterPlan(query);
    const client = this.#connection.client;
    if (plan) return counterSummary(client, this.#keys, plan, query);

    return scanSummary(client, this.#keys, query, this.#options.scanChunkSize);
  }

  async clearRecords(raw: NormalizedFilter | undefined): Promise<number> {
    this.#assertOpen();
    const filter = revalidateFilter(raw);
    await this.flush();

    return clearRecords(this.#connection.client, this.#keys, filter, this.#options.scanChunkSize);
  }

  async *listRecords(raw: NormalizedFilter | undefined): AsyncIterable<UsageRecord> {
    this.#assertOpen();
    const filter = revalidateFilter(raw);
    await this.flush();
    yield* listRecords(this.#connection.client, this.#keys, filter, this.#options.scanChunkSize);
  }

  /** Removes records older than `cutoff` (epoch ms) with their counters; returns how many. */
  pruneOlderThan(cutoff: number): Promise<number> {
    const filter = { until: cutoff };

    return clearRecords(this.#connection.client, this.#keys, filter, this.#options.scanChunkSize);
  }

  flush(): Promise<void> {
    return this.#buffer.flush(this.#options.flushTimeoutMs);
  }

  stats(): RecorderStats {
    return this.#buffer.stats();
  }

  /** Stores everything accepted (waiting up to flushTimeoutMs), then closes its own client. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#retention?.stop();
    this.#buffer.refuseWaiting(() => this.#closedError());
    // The whole close, QUIT included, is bounded by flushTimeoutMs.
    const deadline = Date.now() + this.#options.flushTimeoutMs;
    const failedBefore = this.#buffer.stats().failed;
    const flushed = await this.flush().then(
      () => null,
      (error: unknown) => error,
    );
    this.#buffer.abandon();
    await closeConnection(this.#connection, Math.max(0, deadline - Date.now()));
    this.#deadlines?.stop();
    // Counted once everything is settled, so the error names exactly what stats() counts.
    const lost = this.#buffer.stats().failed - failedBefore;
    if (lost > 0) {
      const cause = flushed instanceof FlushIncompleteError ? flushed.cause : flushed;
      throw new FlushIncompleteError(this.#recorderId, lost, cause);
    }
  }
}

/** Creates a Redis recorder; options are validated at once (InvalidConfigError). */
export function createRedisRecorder(
  options: RedisRecorderOptions = {},
  context: RedisRecorderContext = {},
): RedisRecorder {
  return new RedisRecorder(options, context);
}
