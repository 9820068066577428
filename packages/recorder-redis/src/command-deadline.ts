import type { RedisClient } from "./types.js";

interface Waiting {
  readonly timer: NodeJS.Timeout;
  reject(error: Error): void;
}

/**
 * Bounds every command the recorder sends on a client it opened: a command
 * without a reply within `ms` fails (a write is then retried). The timers are the
 * recorder's own, so `stop()` clears every one of them when the recorder closes,
 * and a command left in the client's queue keeps no timer alive.
 */
export class CommandDeadlines {
  readonly #waiting = new Set<Waiting>();
  #stopped = false;

  constructor(readonly ms: number) {}

  run<T>(command: Promise<T>): Promise<T> {
    if (this.#stopped) {
      command.catch(() => {});
      return Promise.reject(new Error("The recorder's connection is closed."));
    }

    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        timer: setTimeout(() => {
          this.#waiting.delete(entry);
          reject(new Error(`Redis sent no reply within ${this.ms} ms (commandTimeoutMs).`));
        }, this.ms),
        reject,
      };
      this.#waiting.add(entry);
      const settle = (): void => {
        clearTimeout(entry.timer);
        this.#waiting.delete(entry);
      };
      command.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  /** Fails every command still waiting and clears its timer. */
  stop(): void {
    this.#stopped = true;
    for (const entry of this.#waiting) {
      clearTimeout(entry.timer);
      entry.reject(new Error("The recorder's connection is closed."));
    }
    this.#waiting.clear();
  }
}

const DEADLINES = new WeakMap<RedisClient, CommandDeadlines>();

/** Bounds the commands sent on `client` (a client the recorder opened). */
export function bindDeadlines(client: RedisClient, deadlines: CommandDeadlines): void {
  DEADLINES.set(client, deadlines);
}

/** `command` bounded by the deadlines of `client`, or as it is when it has none. */
export function withDeadline<T>(client: RedisClient, command: Promise<T>): Promise<T> {
  const deadlines = DEADLINES.get(client);

  return deadlines ? deadlines.run(command) : command;
}
