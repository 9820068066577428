import {
  accumulate,
  buildSummary,
  createAccumulator,
  type GroupKey,
  groupKeyOf,
  matchesFilter,
  type NormalizedQuery,
  sortGroups,
  type TotalsAccumulator,
  toTotals,
  type UsageRecord,
  type UsageSummary,
} from "@genie/usage-core";

interface Group {
  key: GroupKey;
  totals: TotalsAccumulator;
}

function add(map: Map<string, TotalsAccumulator>, id: string, record: UsageRecord): void {
  let totals = map.get(id);
  if (!totals) {
    totals = createAccumulator();
    map.set(id, totals);
  }
  accumulate(totals, record);
}

/** Answers a query by one pass over the records, with core's counting helpers. */
export function summarize(records: Iterable<UsageRecord>, query: NormalizedQuery): UsageSummary {
  const overall = createAccumulator();
  const byModel = new Map<string, TotalsAccumulator>();
  const groups = new Map<string, Group>();
  const grouped = query.groupBy.length > 0;
  for (const record of records) {
    if (!matchesFilter(record, query.filter)) continue;
    accumulate(overall, record);
    add(byModel, record.modelName, record);
    if (!grouped) continue;
    const key = groupKeyOf(record, query.groupBy, query.timeZone);
    // JSON keeps "1", 1, true and null apart, and never mixes up separators.
    const id = JSON.stringify(query.groupBy.map((g) => key[g.name]));
    const group = groups.get(id) ?? { key, totals: createAccumulator() };
    accumulate(group.totals, record);
    groups.set(id, group);
  }
  if (!grouped) return buildSummary(overall, byModel);
  const list = [...groups.values()].map((g) => ({ key: g.key, ...toTotals(g.totals) }));

  return buildSummary(overall, byModel, sortGroups(list, query.groupBy));
}
