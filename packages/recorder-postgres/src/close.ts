import { FlushIncompleteError } from "@genie/usage-core";
import type { Pool } from "pg";
import type { BatchWriter } from "./batch-writer.js";
import { settlesWithin } from "./retry.js";

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
