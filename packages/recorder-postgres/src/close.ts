import { FlushIncompleteError } from "@genie/usage-core";
import type { Pool } from "pg";
import type { BatchWriter } from "./batch-writer.js";

/** Resolves `true` when `work` settles within `ms`, `false` when the time is up first. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
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

/**
 * Stops accepting, stores what it can and ends the pool, all within `timeoutMs`: a
 * server that hangs cannot hold close() longer. What was not stored by then is
 * counted as failed and reported with `FlushIncompleteError`; a pool whose end is
 * stuck on a hung connection is abandoned (its statement timeout ends it later).
 */
export async function closeWithin(
  writer: BatchWriter,
  ownedPool: Pool | undefined,
  timeoutMs: number,
  recorderId: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  writer.stopAccepting();
  let failure: unknown;
  try {
    await writer.flush();
  } catch (error) {
    failure = error;
  }
  const lost = writer.abort();
  if (ownedPool) {
    const ending = ownedPool.end();
    if (!(await settlesWithin(ending, deadline - Date.now()))) ending.catch(() => {});
  }
  if (failure === undefined && lost > 0) {
    failure = new FlushIncompleteError(recorderId, lost, undefined);
  }
  if (failure !== undefined) throw failure;
}
