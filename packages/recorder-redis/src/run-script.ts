import { createHash } from "node:crypto";
import { withDeadline } from "./command-deadline.js";
import { CLEAR_ALL_LUA } from "./lua/clear-all.js";
import { CLEAR_SCAN_LUA } from "./lua/clear-scan.js";
import { INGEST_LUA } from "./lua/ingest.js";
import { LIST_SCAN_LUA } from "./lua/list-scan.js";
import { READ_COUNTERS_LUA } from "./lua/read-counters.js";
import { SUM_SCAN_LUA } from "./lua/sum-scan.js";
import type { RedisClient } from "./types.js";

export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

function luaScript(name: string, source: string): LuaScript {
  return { name, source, sha: createHash("sha1").update(source).digest("hex") };
}

export const SCRIPTS = {
  ingest: luaScript("ingest", INGEST_LUA),
  sumScan: luaScript("sum-scan", SUM_SCAN_LUA),
  listScan: luaScript("list-scan", LIST_SCAN_LUA),
  clearScan: luaScript("clear-scan", CLEAR_SCAN_LUA),
  clearAll: luaScript("clear-all", CLEAR_ALL_LUA),
  readCounters: luaScript("read-counters", READ_COUNTERS_LUA),
} as const;

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * Runs a script by its SHA, sending the source only when the server does not
 * know it yet (first use, after a restart, or on a node that never saw it), each
 * bounded by the recorder's command deadline when the client is its own. The
 * client routes by the first key; every key shares one hash tag.
 */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  try {
    return await withDeadline(client, client.evalsha(script.sha, keys.length, ...keys, ...args));
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return withDeadline(client, client.eval(script.source, keys.length, ...keys, ...args));
  }
}
