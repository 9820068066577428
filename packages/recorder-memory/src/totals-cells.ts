import { createAccumulator, type TotalsAccumulator, usdToNanos } from "@genie/usage-core";
import { BIG_COUNT, type Columns, NULL_COUNT } from "./columns.js";

/** Counters per cell, in this order, in a Float64Array (exact up to 2^53). */
const COUNT = 0;
const PROMPT = 1;
const TOTAL = 3;
const COST_NANOS = 7;
const UNPRICED_RECORDS = 8;
const UNPRICED_TOKENS = 9;
export const CELL_WIDTH = 10;

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
    cells[base + COUNT] = (cells[base + COUNT] as number) + sign;
    const counts = columns.counts;
    let total = 0;
    for (let field = 0; field < 6; field++) {
      let value = (counts[field] as Uint32Array)[row] as number;
      if (value >= BIG_COUNT) {
        if (value === NULL_COUNT) continue;
        value = columns.bigCounts.get(row * 8 + field) as number;
      }
      cells[base + PROMPT + field] = (cells[base + PROMPT + field] as number) + sign * value;
      if (field + PROMPT === TOTAL) total = value;
    }
    const cost = columns.cost[row] as number;
    if (!Number.isNaN(cost)) {
      cells[base + COST_NANOS] = (cells[base + COST_NANOS] as number) + sign * usdToNanos(cost);
    } else {
      cells[base + UNPRICED_RECORDS] = (cells[base + UNPRICED_RECORDS] as number) + sign;
      cells[base + UNPRICED_TOKENS] = (cells[base + UNPRICED_TOKENS] as number) + sign * total;
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
