/** An append-only list of row indexes in a Uint32Array that doubles when full. */
export class GrowableRows {
  rows = new Uint32Array(8);
  length = 0;

  push(row: number): void {
    if (this.length === this.rows.length) {
      const next = new Uint32Array(this.rows.length * 2);
      next.set(this.rows);
      this.rows = next;
    }
    this.rows[this.length] = row;
    this.length += 1;
  }
}
