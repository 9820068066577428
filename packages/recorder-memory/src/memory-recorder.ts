import {
  buildSummary,
  InvalidConfigError,
  type Logger,
  type NormalizedFilter,
  type NormalizedQuery,
  RecorderClosedError,
  type RecorderStats,
  revalidateFilter,
  revalidateQuery,
  silentLogger,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "@genie/usage-core";
import { passes, planQuery } from "./query-plan.js";
import { readRecord, writeRecord } from "./record-rows.js";
import { Store } from "./store.js";
import { groupAll, modelTotals, summarize } from "./summarize.js";
import { TotalsCells } from "./totals-cells.js";
import type { MemoryRecorderOptions } from "./types.js";

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Keeps records in compact columns (see the README) with running totals per
 * model, so the unfiltered summary never scans.
 */
export class MemoryRecorder implements UsageRecorder {
  readonly #maxRecords: number;
  readonly #logger: Logger;
  #store = new Store();
  /** Running totals per model code. */
  #running = new TotalsCells();
  #first = Number.POSITIVE_INFINITY;
  #last = Number.NEGATIVE_INFINITY;
  #areBoundsStale = false;
  #evicted = 0;
  #openListings = 0;
  #isClosed = false;

  constructor(options: MemoryRecorderOptions = {}) {
    checkOptionNames(options);
    this.#maxRecords = checkMaxRecords(options.maxRecords);
    this.#logger = options.logger ?? silentLogger;
  }

  recordUsage(record: UsageRecord): Promise<void> {
    if (this.#isClosed) return Promise.reject(new RecorderClosedError("The memory recorder"));
    this.#add(record);

    return RESOLVED;
  }

  recordBatch(records: readonly UsageRecord[]): Promise<void> {
    if (this.#isClosed) return Promise.reject(new RecorderClosedError("The memory recorder"));
    for (const record of records) this.#add(record);

    return RESOLVED;
  }

  #add(record: UsageRecord): void {
    const store = this.#store;
    if (!store.ids.claim(store.columns, record)) return;
    const row = writeRecord(store, record);
    const model = store.columns.model[row] as number;
    this.#running.ensure(model);
    this.#running.addRow(model, store.columns, row, 1);
    if (record.timestamp < this.#first) this.#first = record.timestamp;
    if (record.timestamp > this.#last) this.#last = record.timestamp;
    if (store.columns.size > this.#maxRecords) this.#evictOldest();
  }

  #evictOldest(): void {
    const c = this.#store.columns;
    while (c.model[c.head] === 0) {
      c.head += 1;
      c.dead -= 1;
    }
    this.#forget(c.head);
    c.head += 1;
    if (this.#evicted === 0) {
      this.#logger.info("Memory recorder reached maxRecords; evicting the oldest records.", {
        maxRecords: this.#maxRecords,
      });
    }
    this.#evicted += 1;
    this.#compactIfSparse();
  }

  /** Takes a row out of the running totals and the stored ids. */
  #forget(row: number): void {
    const store = this.#store;
    const c = store.columns;
    this.#running.addRow(c.model[row] as number, c, row, -1);
    store.ids.forget(c, row);
    const ts = c.timestamp[row] as number;
    if (ts === this.#first || ts === this.#last) this.#areBoundsStale = true;
  }

  #compactIfSparse(): void {
    const c = this.#store.columns;
    if (this.#openListings > 0 || c.length < 4096) return;
    if ((c.head + c.dead) * 2 >= c.length) c.compact();
  }

  async getSummary(raw: NormalizedQuery): Promise<UsageSummary> {
    // Used directly, the recorder may get objects no facade checked.
    const query = revalidateQuery(raw);
    if (Object.keys(query.filter).length > 0) return summarize(this.#store, query);
    const { overall, byModel } = modelTotals(this.#store, this.#running);
    if (overall.count > 0) {
      if (this.#areBoundsStale) this.#refreshBounds();
      overall.firstTimestamp = this.#first;
      overall.lastTimestamp = this.#last;
    }
    const groups = query.groupBy.length > 0 ? groupAll(this.#store, query) : undefined;

    return buildSummary(overall, byModel, groups);
  }

  /** Finds the earliest and latest stored timestamps after removals. */
  #refreshBounds(): void {
    const store = this.#store;
    const c = store.columns;
    this.#first = Number.POSITIVE_INFINITY;
    this.#last = Number.NEGATIVE_INFINITY;
    let lo = c.head;
    let hi = c.length - 1;
    if (store.isOrdered) {
      while (lo <= hi && c.model[lo] === 0) lo++;
      while (hi >= lo && c.model[hi] === 0) hi--;
      if (lo <= hi)
        [this.#first, this.#last] = [c.timestamp[lo] as number, c.timestamp[hi] as number];
    } else {
      for (let row = lo; row <= hi; row++) {
        if (c.model[row] === 0) continue;
        const ts = c.timestamp[row] as number;
        if (ts < this.#first) this.#first = ts;
        if (ts > this.#last) this.#last = ts;
      }
    }
    this.#areBoundsStale = false;
  }

  async clearRecords(raw: NormalizedFilter | undefined): Promise<number> {
    const filter = revalidateFilter(raw);
    const c = this.#store.columns;
    const isAll = filter === undefined || Object.keys(filter).length === 0;
    if (isAll && this.#openListings === 0) {
      const removed = c.size;
      this.#reset();
      return removed;
    }
    const plan = planQuery(this.#store, filter);
    let removed = 0;
    for (let k = plan.from; k < plan.to; k++) {
      const row = plan.list ? (plan.list[k] as number) : k;
      if (!passes(this.#store, plan, row)) continue;
      this.#forget(row);
      c.markDead(row);
      removed += 1;
    }
    if (c.size === 0 && this.#openListings === 0) this.#reset();
    else this.#compactIfSparse();

    return removed;
  }

  #reset(): void {
    this.#store = new Store();
    this.#running = new TotalsCells();
    this.#first = Number.POSITIVE_INFINITY;
    this.#last = Number.NEGATIVE_INFINITY;
    this.#areBoundsStale = false;
  }

  /**
   * Matching records, oldest first, as of the call: records added later are not
   * listed, records cleared meanwhile are skipped. Compaction waits until done.
   */
  async *listRecords(raw: NormalizedFilter | undefined): AsyncIterable<UsageRecord> {
    const filter = revalidateFilter(raw);
    const store = this.#store;
    const plan = planQuery(store, filter);
    if (plan.isEmpty) return;
    this.#openListings += 1;
    try {
      for (let k = plan.from; k < plan.to; k++) {
        const row = plan.list ? (plan.list[k] as number) : k;
        // Checked at each step: a clear while the caller holds the iterator is honoured.
        if (store === this.#store && passes(store, plan, row)) {
          yield readRecord(store, row);
        }
      }
    } finally {
      this.#openListings -= 1;
      this.#compactIfSparse();
    }
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.#isClosed = true;
  }

  stats(): RecorderStats {
    return { stored: this.#store.columns.size, pending: 0, failed: 0, dropped: this.#evicted };
  }
}

const OPTION_NAMES: ReadonlySet<string> = new Set(["maxRecords", "logger"]);

// A misspelt option (maxRecord) would otherwise leave the store unbounded unnoticed.
function checkOptionNames(options: object): void {
  const unknown = Object.keys(options).filter((name) => !OPTION_NAMES.has(name));
  if (unknown.length > 0) {
    throw new InvalidConfigError(
      unknown.map(
        (name) => `memory.${name} is not an option; the memory recorder takes maxRecords.`,
      ),
    );
  }
}

function checkMaxRecords(value: unknown): number {
  if (value === undefined || value === null) return Number.POSITIVE_INFINITY;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  throw new InvalidConfigError([
    `memory.maxRecords must be a positive whole number (got ${String(value)}).`,
  ]);
}

/** A fresh in-memory recorder. */
export function createMemoryRecorder(options?: MemoryRecorderOptions): MemoryRecorder {
  return new MemoryRecorder(options);
}
