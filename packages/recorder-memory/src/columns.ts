import { GrowableRows } from "./growable-rows.js";
import { sealBlock } from "./range-sums.js";
import { BLOCK_ROWS, BLOCK_SHIFT, TimeBlocks } from "./time-blocks.js";

/**
 * Count columns, in this order: prompt, completion, total, cached prompt,
 * cache write, reasoning tokens.
 */
export const COUNT_COLUMNS = 6;

import { BIG_COUNT, NULL_COUNT } from "./count-markers.js";

const INITIAL_CAPACITY = 4096;

/**
 * The records as parallel typed arrays, one row per record. Strings are
 * interned codes; counts of 2^32 - 2 and more live in a side map keyed by
 * row and field, so every count up to 2^53 - 1 stays exact. A row whose model
 * code is 0 is dead (cleared); rows below `head` are evicted.
 */
export class Columns {
  capacity = INITIAL_CAPACITY;
  length = 0;
  head = 0;
  dead = 0;
  timestamp = new Float64Array(INITIAL_CAPACITY);
  counts = Array.from({ length: COUNT_COLUMNS }, () => new Uint32Array(INITIAL_CAPACITY));
  /** USD as recorded; NaN when unpriced. */
  cost = new Float64Array(INITIAL_CAPACITY);
  provider = new Uint32Array(INITIAL_CAPACITY);
  model = new Uint32Array(INITIAL_CAPACITY);
  callType = new Uint32Array(INITIAL_CAPACITY);
  user = new Uint32Array(INITIAL_CAPACITY);
  session = new Uint32Array(INITIAL_CAPACITY);
  tags = new Uint32Array(INITIAL_CAPACITY);
  /** Id prefix code and numeric suffix; prefix 0 means the id is in `sideIds`. */
  idPrefix = new Uint32Array(INITIAL_CAPACITY);
  idNumber = new Float64Array(INITIAL_CAPACITY);
  sideIds = new Map<number, string>();
  bigCounts = new Map<number, number>();
  /** Rows per user code, ascending: a user filter reads only its rows. */
  userRows: GrowableRows[] = [];
  blocks = new TimeBlocks(INITIAL_CAPACITY);

  /** Live (stored) rows. */
  get size(): number {
    return this.length - this.head - this.dead;
  }

  /** A row index to write, growing every column when full. */
  allocate(): number {
    if (this.length === this.capacity) this.#resize(this.capacity * 2);
    const row = this.length;
    this.length += 1;

    return row;
  }

  setCount(row: number, field: number, value: number | null): void {
    const column = this.counts[field] as Uint32Array;
    if (value === null) column[row] = NULL_COUNT;
    else if (value < BIG_COUNT) column[row] = value;
    else {
      column[row] = BIG_COUNT;
      this.bigCounts.set(row * 8 + field, value);
    }
  }

  /** A count as a number, or null when unknown. */
  count(row: number, field: number): number | null {
    const stored = (this.counts[field] as Uint32Array)[row] as number;
    if (stored < BIG_COUNT) return stored;
    if (stored === NULL_COUNT) return null;

    return this.bigCounts.get(row * 8 + field) as number;
  }

  addUserRow(user: number, row: number): void {
    let rows = this.userRows[user];
    if (!rows) {
      rows = new GrowableRows();
      this.userRows[user] = rows;
    }
    rows.push(row);
  }

  #resize(capacity: number): void {
    const grow = <T extends Float64Array | Uint32Array>(column: T): T => {
      const next = new (column.constructor as new (n: number) => T)(capacity);
      next.set(column.subarray(0, Math.min(this.length, capacity)));
      return next;
    };
    this.timestamp = grow(this.timestamp);
    this.counts = this.counts.map(grow);
    this.cost = grow(this.cost);
    this.provider = grow(this.provider);
    this.model = grow(this.model);
    this.callType = grow(this.callType);
    this.user = grow(this.user);
    this.session = grow(this.session);
    this.tags = grow(this.tags);
    this.idPrefix = grow(this.idPrefix);
    this.idNumber = grow(this.idNumber);
    this.blocks.resize(capacity);
    this.capacity = capacity;
  }

  /** Marks a row cleared; compaction reclaims it. */
  markDead(row: number): void {
    const block = row >> BLOCK_SHIFT;
    if (this.isSealed(block)) this.blocks.sums.addRow(block, this, row, -1);
    this.model[row] = 0;
    this.dead += 1;
    this.blocks.markDead(row);
  }

  /** Whether every row of a block is written (its totals are then kept). */
  isSealed(block: number): boolean {
    return (block + 1) * BLOCK_ROWS <= this.length;
  }

  /**
   * Moves the live rows down over evicted and dead ones, renumbering the side
   * maps and user rows, and shrinks the arrays when they are mostly empty.
   */
  compact(): void {
    let to = 0;
    const bigCounts = new Map<number, number>();
    const sideIds = new Map<number, string>();
    this.userRows = [];
    for (let from = this.head; from < this.length; from++) {
      if (this.model[from] === 0) continue;
      this.#moveRow(from, to, bigCounts, sideIds);
      this.blocks.note(to, this.timestamp[to] as number);
      this.addUserRow(this.user[to] as number, to);
      to += 1;
    }
    this.bigCounts = bigCounts;
    this.sideIds = sideIds;
    this.length = to;
    this.head = 0;
    this.dead = 0;
    this.blocks.resetTotals();
    for (let block = 0; this.isSealed(block); block++) sealBlock(this, block);
    let capacity = this.capacity;
    while (capacity > INITIAL_CAPACITY && to * 4 < capacity) capacity /= 2;
    if (capacity !== this.capacity) this.#resize(capacity);
  }

  #moveRow(
    from: number,
    to: number,
    bigCounts: Map<number, number>,
    sideIds: Map<number, string>,
  ): void {
    const sideId = this.sideIds.get(from);
    if (sideId !== undefined) sideIds.set(to, sideId);
    for (let field = 0; field < COUNT_COLUMNS; field++) {
      const column = this.counts[field] as Uint32Array;
      if (column[from] === BIG_COUNT) {
        bigCounts.set(to * 8 + field, this.bigCounts.get(from * 8 + field) as number);
      }
      column[to] = column[from] as number;
    }
    if (from === to) return;
    this.timestamp[to] = this.timestamp[from] as number;
    this.cost[to] = this.cost[from] as number;
    this.provider[to] = this.provider[from] as number;
    this.model[to] = this.model[from] as number;
    this.callType[to] = this.callType[from] as number;
    this.user[to] = this.user[from] as number;
    this.session[to] = this.session[from] as number;
    this.tags[to] = this.tags[from] as number;
    this.idPrefix[to] = this.idPrefix[from] as number;
    this.idNumber[to] = this.idNumber[from] as number;
  }
}
