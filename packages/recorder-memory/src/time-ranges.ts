import {
  bucketStart,
  type NormalizedGroupBy,
  type NormalizedQuery,
  sortGroups,
  toTotals,
  type UsageGroup,
} from "@genie/usage-core";
import type { Store } from "./store.js";
import { BLOCK_ROWS, BLOCK_SHIFT } from "./time-blocks.js";
import { TotalsCells } from "./totals-cells.js";

type TimeGroupBy = NormalizedGroupBy & { kind: "time" };

const SLOT_MS = 15 * 60_000;

/** Whether the query groups by one time bucket and nothing else. */
export function isTimeOnly(query: NormalizedQuery): boolean {
  return query.groupBy.length === 1 && query.groupBy[0]?.kind === "time";
}

/** Bucket starts numbered as met; one bucketStart call per 15-minute slot in a row. */
class Buckets {
  readonly starts: number[] = [];
  readonly #index = new Map<number, number>();
  #lastSlot = Number.NaN;
  #lastIndex = 0;

  constructor(
    readonly bucket: TimeGroupBy["bucket"],
    readonly timeZone: string,
  ) {}

  startOf(ts: number): number {
    return bucketStart(ts, this.bucket, this.timeZone);
  }

  /**
   * Every zone offset since 1970 is a multiple of 15 minutes, so a bucket never
   * starts inside a 15-minute slot.
   */
  indexOf(ts: number): number {
    const slot = Math.floor(ts / SLOT_MS);
    if (slot === this.#lastSlot) return this.#lastIndex;
    const start = this.startOf(slot * SLOT_MS);
    let index = this.#index.get(start);
    if (index === undefined) {
      index = this.starts.length;
      this.starts.push(start);
      this.#index.set(start, index);
    }
    this.#lastSlot = slot;
    this.#lastIndex = index;

    return index;
  }
}

/**
 * Groups every stored record by one time bucket. A full block of rows whose
 * earliest and latest timestamps share a bucket (bucketStart never decreases
 * as time grows) adds its kept totals; other blocks add row by row.
 */
export function groupByTime(store: Store, query: NormalizedQuery): UsageGroup[] {
  const g = query.groupBy[0] as TimeGroupBy;
  const c = store.columns;
  const { min, max, sums } = c.blocks;
  const buckets = new Buckets(g.bucket, query.timeZone);
  const cells = new TotalsCells();
  for (let lo = c.head; lo < c.length; ) {
    const block = lo >> BLOCK_SHIFT;
    const hi = Math.min((block + 1) * BLOCK_ROWS, c.length);
    const isWhole = lo === block * BLOCK_ROWS && c.isSealed(block);
    const index = buckets.indexOf(min[block] as number);
    if (isWhole && buckets.startOf(max[block] as number) === buckets.starts[index]) {
      cells.merge(index, sums, block);
    } else {
      for (let row = lo; row < hi; row++) {
        if (c.model[row] === 0) continue;
        const at = buckets.indexOf(c.timestamp[row] as number);
        cells.ensure(at);
        cells.addRow(at, c, row, 1);
      }
    }
    lo = hi;
  }

  const groups = buckets.starts.flatMap((start, i) =>
    cells.countOf(i) > 0 ? [{ key: { [g.name]: start }, ...toTotals(cells.toAccumulator(i)) }] : [],
  );

  return sortGroups(groups, query.groupBy);
}
