import type { UsageRecord } from "@genie/usage-core";

/** What the waiting callers need from the buffer they drain into. */
export interface RoomHost {
  /** Records the buffer can still take. */
  room(): number;
  take(records: readonly UsageRecord[]): void;
  drop(count: number): void;
  /** Starts writing what is buffered, so room frees up. */
  cut(): void;
}

/** A caller whose records do not all fit yet; `rest` drains into the buffer in pieces. */
interface Waiter {
  rest: readonly UsageRecord[];
  /** Under `drop`: ends the wait (dropping the rest) when no batch is stored for a while. */
  stall: NodeJS.Timeout | null;
  resolve(): void;
  reject(error: Error): void;
}

// Under `drop`, a batch larger than the room waits this long for a stored batch.
const DROP_STALL_MS = 2_000;

/** Callers waiting for buffer room, served oldest first, each in pieces. */
export class RoomWaiters {
  readonly #waiters: Waiter[] = [];

  constructor(private readonly host: RoomHost) {}

  get size(): number {
    return this.#waiters.length;
  }

  /** Waits until all of `rest` is taken; with `dropOnStall`, until it is taken or dropped. */
  wait(rest: readonly UsageRecord[], dropOnStall: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { rest, stall: null, resolve, reject };
      if (dropOnStall) this.#armStall(waiter);
      this.#waiters.push(waiter);
    });
  }

  /** Room was freed: moves waiting records into it. */
  release(): void {
    while (this.#waiters.length > 0) {
      const waiter = this.#waiters[0]!;
      const room = this.host.room();
      if (room === 0) return;
      this.host.take(waiter.rest.slice(0, room));
      waiter.rest = waiter.rest.slice(room);
      if (waiter.rest.length > 0) {
        this.host.cut();
        return;
      }
      this.#finish(waiter);
      waiter.resolve();
    }
  }

  /** A batch was stored: the store makes progress, so `drop` waiters wait on. */
  progressed(): void {
    for (const waiter of this.#waiters) if (waiter.stall !== null) this.#armStall(waiter);
  }

  /** The store is unreachable: nothing makes room soon, so `drop` waiters drop their rest. */
  stalled(): void {
    for (const waiter of this.#waiters.filter((w) => w.stall !== null)) this.#giveUp(waiter);
  }

  /** Rejects every waiting caller (its records were never accepted) and clears its timer. */
  refuse(error: () => Error): void {
    for (const waiter of [...this.#waiters]) {
      this.#finish(waiter);
      waiter.reject(error());
    }
  }

  #armStall(waiter: Waiter): void {
    if (waiter.stall !== null) clearTimeout(waiter.stall);
    waiter.stall = setTimeout(() => this.#giveUp(waiter), DROP_STALL_MS);
    waiter.stall.unref();
  }

  #giveUp(waiter: Waiter): void {
    if (!this.#finish(waiter)) return;
    this.host.drop(waiter.rest.length);
    waiter.resolve();
    this.release();
  }

  #finish(waiter: Waiter): boolean {
    const at = this.#waiters.indexOf(waiter);
    if (at < 0) return false;
    this.#waiters.splice(at, 1);
    if (waiter.stall !== null) clearTimeout(waiter.stall);

    return true;
  }
}
