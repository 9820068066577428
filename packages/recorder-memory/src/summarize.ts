import {
  buildSummary,
  emptySummary,
  type NormalizedQuery,
  sortGroups,
  type TotalsAccumulator,
  toTotals,
  type UsageGroup,
  type UsageSummary,
} from "@genie/usage-core";
import { GroupIndex } from "./group-keys.js";
import { passes, planQuery } from "./query-plan.js";
import type { Store } from "./store.js";
import { groupByTime, isTimeOnly } from "./time-ranges.js";
import { TotalsCells } from "./totals-cells.js";

/** Per-model accumulators and their sum, from cells indexed by model code. */
export function modelTotals(
  store: Store,
  byModelCode: TotalsCells,
): { overall: TotalsAccumulator; byModel: Map<string, TotalsAccumulator> } {
  const sum = new TotalsCells();
  const byModel = new Map<string, TotalsAccumulator>();
  const names = store.models.values;
  for (let code = 1; code < names.length; code++) {
    if (byModelCode.countOf(code) === 0) continue;
    byModel.set(names[code] as string, byModelCode.toAccumulator(code));
    sum.merge(0, byModelCode, code);
  }

  return { overall: sum.toAccumulator(0), byModel };
}

function listGroups(groups: GroupIndex, cells: TotalsCells, query: NormalizedQuery): UsageGroup[] {
  const list: UsageGroup[] = [];
  for (let g = 0; g < groups.size; g++) {
    if (cells.countOf(g) === 0) continue;
    list.push({ key: groups.keyOf(g), ...toTotals(cells.toAccumulator(g)) });
  }

  return sortGroups(list, query.groupBy);
}

/**
 * The groups of every stored record, for a query without a filter (its
 * totals and byModel come from the running totals, so only groups are summed).
 */
export function groupAll(store: Store, query: NormalizedQuery): UsageGroup[] {
  if (isTimeOnly(query)) return groupByTime(store, query);
  const c = store.columns;
  const model = c.model;
  const groups = new GroupIndex(store, query);
  const cells = new TotalsCells();
  for (let row = c.head; row < c.length; row++) {
    if (model[row] === 0) continue;
    const g = groups.indexOf(row);
    cells.ensure(g);
    cells.addRow(g, c, row, 1);
  }

  return listGroups(groups, cells, query);
}

/** A filtered summary, grouped or not: one pass over the rows the plan selects. */
export function summarize(store: Store, query: NormalizedQuery): UsageSummary {
  const isGrouped = query.groupBy.length > 0;
  const plan = planQuery(store, query.filter);
  if (plan.isEmpty) return emptySummary(isGrouped);

  const c = store.columns;
  const models = new TotalsCells();
  models.ensure(store.models.size);
  const groups = isGrouped ? new GroupIndex(store, query) : null;
  const groupCells = new TotalsCells();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const { list, from, to } = plan;
  for (let k = from; k < to; k++) {
    const row = list ? (list[k] as number) : k;
    if (!passes(store, plan, row)) continue;
    models.addRow(c.model[row] as number, c, row, 1);
    const ts = c.timestamp[row] as number;
    if (ts < first) first = ts;
    if (ts > last) last = ts;
    if (groups) {
      const g = groups.indexOf(row);
      groupCells.ensure(g);
      groupCells.addRow(g, c, row, 1);
    }
  }

  const { overall, byModel } = modelTotals(store, models);
  if (overall.count > 0) {
    overall.firstTimestamp = first;
    overall.lastTimestamp = last;
  }

  return buildSummary(overall, byModel, groups ? listGroups(groups, groupCells, query) : undefined);
}
