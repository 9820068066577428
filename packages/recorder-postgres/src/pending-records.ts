/**
 * Which accepted records are not stored yet, by number: records are numbered as
 * they are accepted, leave the buffer in order, and batches finish in any order.
 * `flush` waits for the numbers below its own start, so a steady stream of new
 * records never holds it back.
 */
export class PendingRecords {
  /** Number of the oldest record still in the buffer (== `next` when it is empty). */
  private head = 0;
  private next = 0;
  /** Batches being written: first number -> size. */
  private readonly batches = new Map<number, number>();
  private waiters: { upTo: number; wake(): void }[] = [];

  /** The number the next accepted record will get. */
  get accepted(): number {
    return this.next;
  }

  accept(): void {
    this.next += 1;
  }

  /** The buffer's first `size` records leave as one batch; returns its first number. */
  take(size: number): number {
    const first = this.head;
    this.head += size;
    this.batches.set(first, size);

    return first;
  }

  /** A batch was stored (or given up on). */
  finish(first: number): void {
    this.batches.delete(first);
    this.wake();
  }

  /** Everything still in the buffer was given up on. */
  discardBuffered(): void {
    this.head = this.next;
    this.wake();
  }

  /** Whether a record numbered below `upTo` is still waiting. */
  isWaiting(upTo: number): boolean {
    return this.lowest() < upTo;
  }

  /** How many records numbered below `upTo` are still waiting. */
  countBefore(upTo: number): number {
    let count = Math.max(0, Math.min(upTo, this.next) - this.head);
    for (const [first, size] of this.batches) if (first < upTo) count += size;

    return count;
  }

  /** Resolves once no record numbered below `upTo` is waiting. */
  waitFor(upTo: number): Promise<void> {
    if (!this.isWaiting(upTo)) return Promise.resolve();

    return new Promise((resolve) => this.waiters.push({ upTo, wake: resolve }));
  }

  private lowest(): number {
    return Math.min(this.head, ...this.batches.keys());
  }

  private wake(): void {
    const lowest = this.lowest();
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.upTo > lowest) return true;
      waiter.wake();
      return false;
    });
  }
}
