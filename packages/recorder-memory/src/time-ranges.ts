import {
  bucketStart,
  type NormalizedGroupBy,
  type NormalizedQuery,
  toTotals,
  type UsageGroup,
} from "@genie/usage-core";
import { addLiveRange } from "./range-sums.js";
import type { Store } from "./store.js";
import { TotalsCells } from "./totals-cells.js";

type TimeGroupBy = NormalizedGroupBy & { kind: "time" };

/** Whether groups can be cut as row ranges: one time bucket over rows in time order. */
export function canGroupByRanges(store: Store, query: NormalizedQuery): boolean {
  const only = query.groupBy[0];
  return (
    query.groupBy.length === 1 &&
    only?.kind === "time" &&
    store.isOrdered &&
    store.columns.dead === 0
  );
}

/**
 * Groups every stored row by one time bucket when rows are in time order: each
 * bucket is a run of rows, found by galloping over bucketStart (which never
 * decreases as time grows), then summed column by column.
 */
export function groupByRanges(store: Store, query: NormalizedQuery): UsageGroup[] {
  const g = query.groupBy[0] as TimeGroupBy;
  const c = store.columns;
  const ts = c.timestamp;
  const startOf = (row: number) => bucketStart(ts[row] as number, g.bucket, query.timeZone);
  const cells = new TotalsCells();
  const groups: UsageGroup[] = [];
  let row = c.head;
  while (row < c.length) {
    const start = startOf(row);
    // Gallop to a row in a later bucket (or the end), then bisect back.
    let inside = row;
    let step = 1;
    while (inside + step < c.length && startOf(inside + step) === start) {
      inside += step;
      step *= 2;
    }
    let lo = inside + 1;
    let hi = Math.min(inside + step, c.length);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (startOf(mid) === start) lo = mid + 1;
      else hi = mid;
    }
    addLiveRange(cells, groups.length, c, row, lo);
    groups.push({ key: { [g.name]: start }, ...toTotals(cells.toAccumulator(groups.length)) });
    row = lo;
  }

  return groups;
}
