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

/** A real recorder that keeps its records in an array (no groups). */
export class RecordingRecorder implements UsageRecorder {
  readonly records: UsageRecord[] = [];

  async recordUsage(record: UsageRecord): Promise<void> {
    this.records.push(record);
  }

  async getSummary(query: NormalizedQuery): Promise<UsageSummary> {
    const overall = createAccumulator();
    const byModel = new Map<string, TotalsAccumulator>();
    for (const record of this.records) {
      if (!matchesFilter(record, query.filter)) continue;
      accumulate(overall, record);
      const model = byModel.get(record.modelName) ?? createAccumulator();
      accumulate(model, record);
      byModel.set(record.modelName, model);
    }

    return buildSummary(overall, byModel);
  }

  async clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
    const kept = this.records.filter((r) => !matchesFilter(r, filter));
    const removed = this.records.length - kept.length;
    this.records.splice(0, this.records.length, ...kept);

    return removed;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

/** A recorder whose writes fail: synchronously (`throws`) or by rejecting. */
export class FailingRecorder extends RecordingRecorder {
  constructor(private readonly mode: "throws" | "rejects" | "hangs") {
    super();
  }

  override recordUsage(_record: UsageRecord): Promise<void> {
    if (this.mode === "throws") throw new Error("disk full");
    if (this.mode === "rejects") return Promise.reject(new Error("connection refused"));

    return new Promise(() => {});
  }
}
