import type { NormalizedFilter } from "@genie/usage-core";
import type { NamespaceKeys } from "./keys.js";
import { runScript, SCRIPTS } from "./run-script.js";
import { filterJson, lexRange } from "./scan-filter.js";
import type { RedisClient } from "./types.js";

type ClearReply = [string | null, number, number];

export function isEmptyFilter(filter: NormalizedFilter | undefined): boolean {
  return !filter || Object.values(filter).every((v) => v === undefined);
}

/**
 * Removes the records a filter matches and their share of every counter, in
 * steps of `chunk` along the time index; each step is atomic, so the counters
 * always match the records left. No filter removes the whole namespace at once.
 */
export async function clearRecords(
  client: RedisClient,
  keys: NamespaceKeys,
  filter: NormalizedFilter | undefined,
  chunk: number,
): Promise<number> {
  const scriptKeys = [keys.records, keys.ids, keys.totals, keys.models, keys.days];
  if (isEmptyFilter(filter)) {
    const prefixes = [keys.dayTotals, keys.dayModels];
    return Number(await runScript(client, SCRIPTS.clearAll, scriptKeys, prefixes));
  }
  const json = filterJson(filter);
  let { start, stop } = lexRange(filter);
  let removed = 0;
  for (;;) {
    const args = [start, stop, String(chunk), json, keys.dayTotals, keys.dayModels];
    const reply = (await runScript(client, SCRIPTS.clearScan, scriptKeys, args)) as ClearReply;
    removed += reply[2];
    if (reply[1] < chunk || !reply[0]) break;
    start = `(${reply[0]}`;
  }

  return removed;
}
