import {
  accumulate,
  buildSummary,
  createAccumulator,
  groupKeyOf,
  InvalidConfigError,
  matchesFilter,
  type NormalizedFilter,
  type NormalizedQuery,
  RecorderClosedError,
  type RecorderStats,
  sortGroups,
  type TotalsAccumulator,
  toTotals,
  type UsageGroup,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "@genie/usage-core";
import type { MemoryRecorderOptions } from "./types.js";

/** Keeps records in process memory with running totals for the unfiltered summary. */
export class MemoryRecorder implements UsageRecorder {
  readonly #maxRecords: number;
  #records: UsageRecord[] = [];
  #callerIds = new Set<string>();
  #overall = createAccumulator();
  #byModel = new Map<string, TotalsAccumulator>();
  #boundsDirty = false;
  #evicted = 0;
  #closed = false;

  constructor(options: MemoryRecorderOptions = {}) {
    this.#maxRecords = checkMaxRecords(options.maxRecords);
  }

  recordUsage(record: UsageRecord): Promise<void> {
    if (this.#closed) return Promise.reject(new RecorderClosedError("memory recorder"));
    this.#add(record);

    return Promise.resolve();
  }

  recordBatch(records: readonly UsageRecord[]): Promise<void> {
    if (this.#closed) return Promise.reject(new RecorderClosedError("memory recorder"));
    for (const record of records) this.#add(record);

    return Promise.resolve();
  }

  #add(record: UsageRecord): void {
    if (record.idSource === "caller") {
      if (this.#callerIds.has(record.id)) return;
      this.#callerIds.add(record.id);
    }
    this.#records.push(record);
    this.#count(record, 1);
    if (this.#records.length > this.#maxRecords) {
      const oldest = this.#records.shift() as UsageRecord;
      this.#forget(oldest);
      this.#evicted += 1;
    }
  }

  #count(record: UsageRecord, sign: 1 | -1): void {
    accumulate(this.#overall, record, sign);
    let model = this.#byModel.get(record.modelName);
    if (!model) {
      model = createAccumulator();
      this.#byModel.set(record.modelName, model);
    }
    accumulate(model, record, sign);
  }

  #forget(record: UsageRecord): void {
    this.#count(record, -1);
    if (record.idSource === "caller") this.#callerIds.delete(record.id);
    this.#boundsDirty = true;
  }

  async getSummary(query: NormalizedQuery): Promise<UsageSummary> {
    const isFiltered = Object.keys(query.filter).length > 0;
    if (!isFiltered && query.groupBy.length === 0) {
      if (this.#boundsDirty) this.#refreshBounds();
      return buildSummary(this.#overall, this.#byModel);
    }

    return this.#scanSummary(query);
  }

  #refreshBounds(): void {
    let first: number | null = null;
    let last: number | null = null;
    for (const r of this.#records) {
      if (first === null || r.timestamp < first) first = r.timestamp;
      if (last === null || r.timestamp > last) last = r.timestamp;
    }
    this.#overall.firstTimestamp = first;
    this.#overall.lastTimestamp = last;
    this.#boundsDirty = false;
  }

  #scanSummary(query: NormalizedQuery): UsageSummary {
    const overall = createAccumulator();
    const byModel = new Map<string, TotalsAccumulator>();
    const groups = new Map<string, { key: UsageGroup["key"]; acc: TotalsAccumulator }>();
    const grouped = query.groupBy.length > 0;
    for (const record of this.#records) {
      if (!matchesFilter(record, query.filter)) continue;
      accumulate(overall, record);
      let model = byModel.get(record.modelName);
      if (!model) {
        model = createAccumulator();
        byModel.set(record.modelName, model);
      }
      accumulate(model, record);
      if (!grouped) continue;
      const key = groupKeyOf(record, query.groupBy, query.timeZone);
      const id = JSON.stringify(query.groupBy.map((g) => key[g.name] ?? null));
      let group = groups.get(id);
      if (!group) {
        group = { key, acc: createAccumulator() };
        groups.set(id, group);
      }
      accumulate(group.acc, record);
    }
    const list = grouped
      ? sortGroups(
          [...groups.values()].map((g) => ({ key: g.key, ...toTotals(g.acc) })),
          query.groupBy,
        )
      : undefined;

    return buildSummary(overall, byModel, list);
  }

  async clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
    const kept: UsageRecord[] = [];
    let removed = 0;
    for (const record of this.#records) {
      if (matchesFilter(record, filter)) {
        this.#forget(record);
        removed += 1;
      } else kept.push(record);
    }
    this.#records = kept;

    return removed;
  }

  async *listRecords(filter: NormalizedFilter | undefined): AsyncIterable<UsageRecord> {
    for (const record of [...this.#records]) if (matchesFilter(record, filter)) yield record;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.#closed = true;
  }

  stats(): RecorderStats {
    return { stored: this.#records.length, pending: 0, failed: 0, dropped: this.#evicted };
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
