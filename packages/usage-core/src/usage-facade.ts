import { emptySummary } from "./aggregate.js";
import type { RecorderEntry } from "./create-recorders.js";
import {
  FlushIncompleteError,
  InvalidQueryError,
  messageOf,
  RecorderClosedError,
  RecorderFailedError,
  RecordersFailedError,
  UnknownFilterKeyError,
} from "./errors.js";
import type { Pricer } from "./pricing/create-pricer.js";
import type {
  Logger,
  NormalizedFilter,
  RecorderUsageStats,
  UsageFilter,
  UsageQuery,
  UsageRecord,
  UsageRecordInput,
  UsageStats,
  UsageSummary,
} from "./types.js";
import { normalizeFilter, normalizeQuery } from "./validate-query.js";
import { validateUsageRecord } from "./validate-record.js";

interface Counters {
  accepted: number;
  failed: number;
}

export interface ClearQuery {
  filter?: UsageFilter;
  /** Clear only this recorder; default every recorder. */
  recorderId?: string;
}

const CLEAR_KEYS: ReadonlySet<string> = new Set(["filter", "recorderId"]);

/**
 * The filter of a clear. Stricter than a summary's: a misspelt key, or a
 * `filter` that is present but undefined or null, must never mean "clear all".
 */
function clearFilterOf(query: ClearQuery | undefined): NormalizedFilter | undefined {
  if (query === undefined) return undefined;
  if (typeof query !== "object" || query === null || Array.isArray(query)) {
    throw new InvalidQueryError("clearRecords", "takes { filter?, recorderId? }.");
  }
  for (const key of Object.getOwnPropertyNames(query)) {
    if (!CLEAR_KEYS.has(key)) {
      throw new InvalidQueryError(key, "is not a clearRecords option; use filter or recorderId.");
    }
  }
  if (!Object.hasOwn(query, "filter")) return undefined;
  if (query.filter === undefined || query.filter === null) {
    throw new UnknownFilterKeyError(
      "filter",
      "is given but undefined or null; leave it out to clear every record, or pass a filter.",
    );
  }

  return normalizeFilter(query.filter);
}

/** `genie.usage`: validates once, then fans each record out to every recorder. */
export class UsageFacade {
  readonly #entries: readonly RecorderEntry[];
  readonly #counters: Counters[];
  readonly #logger: Logger;
  readonly #pricer: Pricer | null;
  /** One rejection handler per recorder, made once rather than per record. */
  readonly #onRecordFailure: ((error: unknown) => never)[];
  #autoRecordFailures = 0;
  #closed = false;

  /** `pricer` fills `costUsd` of records recorded without one (null: left unpriced). */
  constructor(entries: readonly RecorderEntry[], logger: Logger, pricer: Pricer | null = null) {
    this.#entries = entries;
    this.#counters = entries.map(() => ({ accepted: 0, failed: 0 }));
    this.#logger = logger;
    this.#pricer = pricer;
    this.#onRecordFailure = entries.map(
      (_, i) => (error: unknown) => this.#fail(i, 1, "record usage", error),
    );
  }

  /** The ids of the active recorders, in configuration order. */
  get recorderIds(): string[] {
    return this.#entries.map((e) => e.id);
  }

  /**
   * Validates and stamps a record, then hands it to every recorder. Resolves when
   * every recorder accepted it; a failing recorder does not stop the others, and
   * its failure rejects with an error naming it.
   */
  recordUsage(input: UsageRecordInput): Promise<void> {
    if (this.#closed) return Promise.reject(new RecorderClosedError("genie.usage"));
    let record: UsageRecord;
    try {
      record = validateUsageRecord(input);
    } catch (error) {
      return Promise.reject(error);
    }
    if (record.costUsd === null && this.#pricer !== null) this.#price(record);
    const entries = this.#entries;
    if (entries.length === 1) return this.#recordOne(0, record);
    if (entries.length === 0) return Promise.resolve();

    return this.#settleAll(entries.map((_, i) => this.#recordOne(i, record)));
  }

  /** Validates every record first (all or nothing), then hands the batch over. */
  recordBatch(inputs: readonly UsageRecordInput[]): Promise<void> {
    if (this.#closed) return Promise.reject(new RecorderClosedError("genie.usage"));
    let records: UsageRecord[];
    try {
      const now = Date.now();
      records = inputs.map((input) => validateUsageRecord(input, now));
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#pricer !== null)
      for (const record of records) if (record.costUsd === null) this.#price(record);

    return this.#settleAll(this.#entries.map((_, i) => this.#recordMany(i, records)));
  }

  // The record was just built by validation and is not shared yet: filled in place.
  #price(record: UsageRecord): void {
    (record as { costUsd: number | null }).costUsd = this.#pricer!.priceRecord(record);
  }

  #recordOne(index: number, record: UsageRecord): Promise<void> {
    const entry = this.#entries[index]!;
    const counters = this.#counters[index]!;
    counters.accepted += 1;
    let pending: Promise<void>;
    try {
      pending = entry.recorder.recordUsage(record);
    } catch (error) {
      pending = Promise.reject(error);
    }

    return pending.then(undefined, this.#onRecordFailure[index]);
  }

  #recordMany(index: number, records: readonly UsageRecord[]): Promise<void> {
    const entry = this.#entries[index]!;
    const counters = this.#counters[index]!;
    counters.accepted += records.length;
    const recorder = entry.recorder;
    let pending: Promise<void>;
    try {
      pending = recorder.recordBatch
        ? recorder.recordBatch(records)
        : Promise.all(records.map((r) => recorder.recordUsage(r))).then(() => undefined);
    } catch (error) {
      pending = Promise.reject(error);
    }

    return pending.then(undefined, (error: unknown) =>
      this.#fail(index, records.length, "record a batch", error),
    );
  }

  #fail(index: number, count: number, operation: string, error: unknown): never {
    const id = this.#entries[index]!.id;
    this.#counters[index]!.failed += count;
    this.#logger.error(`Recorder "${id}" failed to ${operation}.`, {
      recorderId: id,
      error: messageOf(error),
    });
    throw error instanceof RecorderFailedError
      ? error
      : new RecorderFailedError(id, operation, error);
  }

  async #settleAll(pending: Promise<unknown>[]): Promise<void> {
    const results = await Promise.allSettled(pending);
    const errors = results
      .filter((r): r is PromiseRejectedResult => r.status === "rejected")
      .map((r) => r.reason as RecorderFailedError);
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new RecordersFailedError(errors);
  }

  #entryFor(recorderId: string | undefined): RecorderEntry | undefined {
    if (recorderId === undefined) return this.#entries[0];
    const entry = this.#entries.find((e) => e.id === recorderId);
    if (!entry) {
      throw new InvalidQueryError(
        "recorderId",
        `"${recorderId}" is not an active recorder; active: ${this.recorderIds.join(", ") || "none"}.`,
      );
    }

    return entry;
  }

  /** One recorder's summary: `query.recorderId`, else the first. */
  async getSummary(query?: UsageQuery): Promise<UsageSummary> {
    const normalized = normalizeQuery(query);
    const entry = this.#entryFor(query?.recorderId);
    if (!entry) return emptySummary(normalized.groupBy.length > 0);
    try {
      return await entry.recorder.getSummary(normalized);
    } catch (error) {
      throw new RecorderFailedError(entry.id, "summarise usage", error);
    }
  }

  /** Every active recorder's summary, keyed by recorder id. */
  async getSummaries(
    query?: Omit<UsageQuery, "recorderId">,
  ): Promise<Record<string, UsageSummary>> {
    const normalized = normalizeQuery(query);
    const summaries = await Promise.all(
      this.#entries.map(async (entry) => {
        try {
          return [entry.id, await entry.recorder.getSummary(normalized)] as const;
        } catch (error) {
          throw new RecorderFailedError(entry.id, "summarise usage", error);
        }
      }),
    );

    return Object.fromEntries(summaries);
  }

  /**
   * Records matching the filter, oldest first, from one recorder (`recorderId`,
   * else the first). Rejects when that recorder does not implement listRecords.
   */
  async *listRecords(query?: ClearQuery): AsyncIterable<UsageRecord> {
    const filter = query?.filter !== undefined ? normalizeFilter(query.filter) : undefined;
    const entry = this.#entryFor(query?.recorderId);
    if (!entry) return;
    if (typeof entry.recorder.listRecords !== "function") {
      throw new InvalidQueryError(
        "recorderId",
        `"${entry.id}" cannot list records (its recorder has no listRecords); ` +
          "summaries still work.",
      );
    }
    try {
      yield* entry.recorder.listRecords(filter);
    } catch (error) {
      throw new RecorderFailedError(entry.id, "list records", error);
    }
  }

  /**
   * Removes matching records (all, without a filter) from every recorder, or
   * only `recorderId`. Resolves to the count removed from the first (or named) one.
   */
  async clearRecords(query?: ClearQuery): Promise<number> {
    const filter = clearFilterOf(query);
    const targets =
      query?.recorderId === undefined ? this.#entries : [this.#entryFor(query.recorderId)!];
    const counts = await Promise.allSettled(targets.map((e) => e.recorder.clearRecords(filter)));
    const errors = counts.flatMap((r, i) =>
      r.status === "rejected"
        ? [new RecorderFailedError(targets[i]!.id, "clear records", r.reason)]
        : [],
    );
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new RecordersFailedError(errors);
    const first = counts[0];

    return first?.status === "fulfilled" ? first.value : 0;
  }

  /** Resolves once everything accepted so far is stored by every recorder. */
  async flush(): Promise<void> {
    await this.#settleAll(
      this.#entries.map((e) =>
        e.recorder.flush().catch((error: unknown) => {
          throw error instanceof FlushIncompleteError
            ? error
            : new RecorderFailedError(e.id, "flush", error);
        }),
      ),
    );
  }

  /** Counts a failed automatic recording (from genie.llm or an SDK integration). */
  noteAutoRecordFailure(error: unknown): void {
    this.#autoRecordFailures += 1;
    this.#logger.error("Automatic usage recording failed; the LLM call was not affected.", {
      error: messageOf(error),
    });
  }

  /** accepted, stored, pending, failed, dropped: overall and per recorder. */
  stats(): UsageStats {
    const recorders: Record<string, RecorderUsageStats> = {};
    const overall: RecorderUsageStats = {
      accepted: 0,
      stored: 0,
      pending: 0,
      failed: 0,
      dropped: 0,
    };
    this.#entries.forEach((entry, i) => {
      const counters = this.#counters[i]!;
      const own = entry.recorder.stats?.() ?? {};
      const failed = counters.failed + (own.failed ?? 0);
      const pending = own.pending ?? 0;
      const dropped = own.dropped ?? 0;
      const stats: RecorderUsageStats = {
        accepted: counters.accepted,
        stored: own.stored ?? Math.max(0, counters.accepted - counters.failed - pending - dropped),
        pending,
        failed,
        dropped,
      };
      recorders[entry.id] = stats;
      for (const key of Object.keys(overall) as (keyof RecorderUsageStats)[])
        overall[key] += stats[key];
    });

    return { ...overall, autoRecordFailures: this.#autoRecordFailures, recorders };
  }

  /** Flushes, then closes every recorder; later recordUsage calls reject. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const results = await Promise.allSettled(this.#entries.map((e) => e.recorder.close()));
    const errors = results.flatMap((r, i) =>
      r.status === "rejected"
        ? [
            r.reason instanceof FlushIncompleteError
              ? r.reason
              : new RecorderFailedError(this.#entries[i]!.id, "close", r.reason),
          ]
        : [],
    );
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new RecordersFailedError(errors as RecorderFailedError[]);
  }
}
