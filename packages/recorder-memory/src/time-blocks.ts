import { TotalsCells } from "./totals-cells.js";

/** Rows per block: 2^10. */
export const BLOCK_SHIFT = 10;
export const BLOCK_ROWS = 1 << BLOCK_SHIFT;

/**
 * The earliest and latest timestamp of each block of rows, how many of its
 * rows are dead, and (once the block is full) the totals of its live rows. A
 * time query takes a whole block at once when it lies in one bucket, however
 * out of order the records arrived.
 */
export class TimeBlocks {
  min: Float64Array;
  max: Float64Array;
  dead: Uint16Array;
  sums = new TotalsCells();

  constructor(capacity: number) {
    const blocks = capacity >> BLOCK_SHIFT;
    this.min = new Float64Array(blocks);
    this.max = new Float64Array(blocks);
    this.dead = new Uint16Array(blocks);
  }

  /** Takes in the timestamp of a row just written. */
  note(row: number, timestamp: number): void {
    const block = row >> BLOCK_SHIFT;
    if ((row & (BLOCK_ROWS - 1)) === 0) {
      this.min[block] = timestamp;
      this.max[block] = timestamp;
      this.dead[block] = 0;
    } else if (timestamp < (this.min[block] as number)) this.min[block] = timestamp;
    else if (timestamp > (this.max[block] as number)) this.max[block] = timestamp;
  }

  resetTotals(): void {
    this.sums = new TotalsCells();
  }

  markDead(row: number): void {
    const block = row >> BLOCK_SHIFT;
    this.dead[block] = (this.dead[block] as number) + 1;
  }

  /** Copies into arrays for `capacity` rows (a power of two, at least one block). */
  resize(capacity: number): void {
    const blocks = capacity >> BLOCK_SHIFT;
    const grow = <T extends Float64Array | Uint16Array>(from: T, to: T): T => {
      to.set(from.subarray(0, Math.min(from.length, blocks)));
      return to;
    };
    this.min = grow(this.min, new Float64Array(blocks));
    this.max = grow(this.max, new Float64Array(blocks));
    this.dead = grow(this.dead, new Uint16Array(blocks));
  }
}
