import {
  accumulate,
  buildSummary,
  createAccumulator,
  matchesFilter,
  type NormalizedFilter,
  type NormalizedQuery,
  type TotalsAccumulator,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "../../src/index.js";

/** A plain recorder over an array, for facade tests; `failWith` makes every write fail. */
export class ArrayRecorder implements UsageRecorder {
  readonly records: UsageRecord[] = [];
  failWith: Error | undefined;
  closed = false;
  flushes = 0;

  async recordUsage(record: UsageRecord): Promise<void> {
    if (this.failWith) throw this.failWith;
    if (this.records.some((r) => r.id === record.id)) return;
    this.records.push(record);
  }

  async getSummary(query: NormalizedQuery): Promise<UsageSummary> {
    const overall = createAccumulator();
    const byModel = new Map<string, TotalsAccumulator>();
    for (const record of this.records) {
      if (!matchesFilter(record, query.filter)) continue;
      accumulate(overall, record);
      const acc = byModel.get(record.modelName) ?? createAccumulator();
      byModel.set(record.modelName, acc);
      accumulate(acc, record);
    }
    return buildSummary(overall, byModel);
  }

  async clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
    const keep = this.records.filter((r) => !matchesFilter(r, filter));
    const removed = this.records.length - keep.length;
    this.records.splice(0, this.records.length, ...keep);
    return removed;
  }

  async flush(): Promise<void> {
    this.flushes += 1;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
