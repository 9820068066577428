import { createAccumulator, type TotalsAccumulator, usdToNanos } from "@genie/usage-core";
import type { Columns } from "./columns.js";
import { BIG_COUNT, NULL_COUNT } from "./count-markers.js";

/** Counters per cell, in this order, in a Float64Array (exact up to 2^53). */
const COUNT = 0;
const COST_NANOS = 7;
const UNPRICED_RECORDS = 8;
const UNPRICED_TOKENS = 9;
export const CELL_WIDTH = 10;

function bump(cells: Float64Array, at: number, amount: number): void {
  cells[at] = (cells[at] as number) + amount;
}

/** A stored count with null as 0. */
function countAt(columns: Columns, column: Uint32Array, row: number, field: number): number {
  const value = column[row] as number;
  if (value < BIG_COUNT) return value;
  if (value === NULL_COUNT) return 0;

  return columns.bigCounts.get(row * 8 + field) as number;
}

/** A growable array of counter cells, one per model, group or the like. */
export class TotalsCells {
  cells = new Float64Array(CELL_WIDTH * 16);

  /** Makes room for cell `index`. */
  ensure(index: number): void {
    const needed = (index + 1) * CELL_WIDTH;
    if (needed <= this.cells.length) return;
    const next = new Float64Array(Math.max(needed, this.cells.length * 2));
    next.set(this.cells);
    this.cells = next;
  }

  /** Records in cell `index` (0 for a cell never ensured). */
  countOf(index: number): number {
    return this.cells[index * CELL_WIDTH + COUNT] ?? 0;
  }

  /** Adds (sign 1) or removes (sign -1) one row to cell `index` (already ensured). */
  addRow(index: number, columns: Columns, row: number, sign: number): void {
    const cells = this.cells;
    const base = index * CELL_WIDTH;
    const counts = columns.counts;
    const total = countAt(columns, counts[2] as Uint32Array, row, 2);
    cells[base] = (cells[base] as number) + sign;
    bump(cells, base + 1, sign * countAt(columns, counts[0] as Uint32Array, row, 0));
    bump(cells, base + 2, sign * countAt(columns, counts[1] as Uint32Array, row, 1));
    bump(cells, base + 3, sign * total);
    bump(cells, base + 4, sign * countAt(columns, counts[3] as Uint32Array, row, 3));
    bump(cells, base + 5, sign * countAt(columns, counts[4] as Uint32Array, row, 4));
    bump(cells, base + 6, sign * countAt(columns, counts[5] as Uint32Array, row, 5));
    const cost = columns.cost[row] as number;
    if (Number.isNaN(cost)) {
      bump(cells, base + UNPRICED_RECORDS, sign);
      bump(cells, base + UNPRICED_TOKENS, sign * total);
    } else {
      bump(cells, base + COST_NANOS, sign * usdToNanos(cost));
    }
  }

  /** Adds cell `from` of `source` into cell `to` of this one. */
  merge(to: number, source: TotalsCells, from: number): void {
    this.ensure(to);
    for (let i = 0; i < CELL_WIDTH; i++) {
      const at = to * CELL_WIDTH + i;
      this.cells[at] = (this.cells[at] as number) + (source.cells[from * CELL_WIDTH + i] as number);
    }
  }

  /** Cell `index` as core's accumulator (timestamps left null). */
  toAccumulator(index: number): TotalsAccumulator {
    const c = this.cells;
    const base = index * CELL_WIDTH;
    const acc = createAccumulator();
    acc.count = c[base + COUNT] as number;
    acc.prompt = c[base + 1] as number;
    acc.completion = c[base + 2] as number;
    acc.total = c[base + 3] as number;
    acc.cachedPrompt = c[base + 4] as number;
    acc.cacheWrite = c[base + 5] as number;
    acc.reasoning = c[base + 6] as number;
    acc.costNanos = c[base + COST_NANOS] as number;
    acc.unpricedRecords = c[base + UNPRICED_RECORDS] as number;
    acc.unpricedTokens = c[base + UNPRICED_TOKENS] as number;

    return acc;
  }
}
