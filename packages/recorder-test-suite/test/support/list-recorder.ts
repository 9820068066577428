import {
  accumulate,
  buildSummary,
  createAccumulator,
  type GroupKey,
  groupKeyOf,
  matchesFilter,
  type NormalizedFilter,
  type NormalizedGroupBy,
  type NormalizedQuery,
  sortGroups,
  type TotalsAccumulator,
  toTotals,
  type UsageGroup,
  type UsageRecord,
  type UsageRecorder,
  type UsageSummary,
} from "@genie/usage-core";

/** What outlives a recorder instance: the "store" a reopened recorder sees. */
export type ListStore = Map<string, UsageRecord>;

/**
 * A correct recorder built on core's helpers, for the suite's own tests. The
 * broken recorders beside it each override one step to plant one fault.
 */
export class ListRecorder implements UsageRecorder {
  readonly store: ListStore;

  constructor(store: ListStore = new Map()) {
    this.store = store;
  }

  protected matches(record: UsageRecord, filter: NormalizedFilter | undefined): boolean {
    return matchesFilter(record, filter);
  }

  protected keyOf(
    record: UsageRecord,
    groupBy: readonly NormalizedGroupBy[],
    timeZone: string,
  ): GroupKey {
    return groupKeyOf(record, groupBy, timeZone);
  }

  protected groupId(key: GroupKey, groupBy: readonly NormalizedGroupBy[]): string {
    return JSON.stringify(groupBy.map((g) => key[g.name]));
  }

  async recordUsage(record: UsageRecord): Promise<void> {
    if (!this.store.has(record.id)) this.store.set(record.id, record);
  }

  async recordBatch(records: readonly UsageRecord[]): Promise<void> {
    for (const record of records) await this.recordUsage(record);
  }

  async getSummary(query: NormalizedQuery): Promise<UsageSummary> {
    const overall = createAccumulator();
    const byModel = new Map<string, TotalsAccumulator>();
    const groups = new Map<string, { key: GroupKey; acc: TotalsAccumulator }>();
    for (const record of this.store.values()) {
      if (!this.matches(record, query.filter)) continue;
      accumulate(overall, record);
      const model = byModel.get(record.modelName) ?? createAccumulator();
      accumulate(model, record);
      byModel.set(record.modelName, model);
      if (query.groupBy.length === 0) continue;
      const key = this.keyOf(record, query.groupBy, query.timeZone);
      const id = this.groupId(key, query.groupBy);
      const group = groups.get(id) ?? { key, acc: createAccumulator() };
      accumulate(group.acc, record);
      groups.set(id, group);
    }
    const list: UsageGroup[] = [...groups.values()].map((g) => ({
      key: g.key,
      ...toTotals(g.acc),
    }));

    return buildSummary(
      overall,
      byModel,
      query.groupBy.length > 0 ? sortGroups(list, query.groupBy) : undefined,
    );
  }

  async clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
    let removed = 0;
    for (const [id, record] of this.store) {
      if (!this.matches(record, filter)) continue;
      this.store.delete(id);
      removed += 1;
    }

    return removed;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
