/** SQLSTATE classes worth retrying: connection, resources, shutdown, conflicts. */
const TRANSIENT_CLASSES = ["08", "53", "57", "58"];
const TRANSIENT_CODES = new Set(["40001", "40P01", "55P03"]);

/** Messages of `pg` and `pg-pool` errors that carry no code: the connection went or hung. */
const CONNECTION_MESSAGES =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|query read timeout|not queryable|connection error|socket/i;

/**
 * Whether a failure may pass by itself (the server down, restarting, overloaded, or
 * not answering). Anything else, a JS error from bad input in particular, is not.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return CONNECTION_MESSAGES.test(error.message);
  if (TRANSIENT_CODES.has(code)) return true;
  // Node's system errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...).
  if (/^E[A-Z]+$/.test(code)) return true;
  if (!/^[0-9A-Z]{5}$/.test(code)) return false;

  return TRANSIENT_CLASSES.includes(code.slice(0, 2));
}

/** Whether the schema or a table is missing (`migrate: false` and no migration run). */
export function isMissingTable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;

  return code === "42P01" || code === "3F000";
}

/** Capped exponential backoff with jitter: 100 ms, 200 ms, ... up to `maxMs`. */
export function backoffDelay(attempt: number, maxMs: number): number {
  const base = Math.min(maxMs, 100 * 2 ** Math.min(attempt, 20));

  return Math.round(base / 2 + (Math.random() * base) / 2);
}

/** A sleep that `cancel()` ends early. */
export function cancellableSleep(ms: number): { done: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
    timer = setTimeout(resolve, ms);
  });

  return {
    done,
    cancel() {
      clearTimeout(timer);
      finish();
    },
  };
}

/** Resolves `true` when `work` settles within `ms`, `false` when the time is up first. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);

  return result;
}
