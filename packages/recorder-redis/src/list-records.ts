import type { NormalizedFilter, UsageRecord } from "@genie/usage-core";
import { decodeRecord } from "./encode-record.js";
import type { NamespaceKeys } from "./keys.js";
import { runScript, SCRIPTS } from "./run-script.js";
import { filterJson, lexRange } from "./scan-filter.js";
import type { RedisClient } from "./types.js";

type ListReply = [string | null, number, string[]];

/** The records a filter matches, oldest first, fetched `chunk` at a time. */
export async function* listRecords(
  client: RedisClient,
  keys: NamespaceKeys,
  filter: NormalizedFilter | undefined,
  chunk: number,
): AsyncGenerator<UsageRecord> {
  const scriptKeys = [keys.records, keys.ids, keys.totals, keys.models, keys.days];
  const json = filterJson(filter);
  let { start, stop } = lexRange(filter);
  for (;;) {
    const args = [start, stop, String(chunk), json];
    const reply = (await runScript(client, SCRIPTS.listScan, scriptKeys, args)) as ListReply;
    for (const member of reply[2]) yield decodeRecord(member);
    if (reply[1] < chunk || !reply[0]) break;
    start = `(${reply[0]}`;
  }
}
