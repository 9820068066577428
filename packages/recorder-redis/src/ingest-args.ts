import {
  accumulate,
  bucketStart,
  createAccumulator,
  type TotalsAccumulator,
  type UsageRecord,
} from "@genie/usage-core";
import { encodeRecord, jsonForLua } from "./encode-record.js";
import { COUNTER_FIELDS, type NamespaceKeys } from "./keys.js";

interface Group {
  readonly dayIndex: number;
  readonly day: number;
  readonly model: string;
  readonly sums: TotalsAccumulator;
}

/**
 * The keys and arguments of one ingest run (see lua/ingest.ts): counters summed
 * here per (UTC day, model), so the server adds a handful of numbers per batch
 * instead of ten per record.
 */
export function ingestArguments(
  keys: NamespaceKeys,
  records: readonly UsageRecord[],
): { keys: string[]; args: string[] } {
  const days = new Map<number, number>();
  const groups = new Map<string, Group>();
  const ids: string[] = [];
  const members: string[] = [];
  for (const record of records) {
    const day = bucketStart(record.timestamp, "day");
    let dayIndex = days.get(day);
    if (dayIndex === undefined) {
      dayIndex = days.size + 1;
      days.set(day, dayIndex);
    }
    const groupKey = `${dayIndex}:${record.modelName}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = {
        dayIndex,
        day,
        model: record.modelName,
        sums: createAccumulator(),
      };
      groups.set(groupKey, group);
    }
    accumulate(group.sums, record);
    ids.push(record.id);
    members.push(encodeRecord(record));
  }

  const scriptKeys = [keys.records, keys.ids, keys.totals, keys.models, keys.days];
  for (const day of days.keys()) scriptKeys.push(keys.dayTotals + day, keys.dayModels + day);
  const args = [String(groups.size)];
  for (const g of groups.values()) {
    args.push(String(g.dayIndex), String(g.day), g.model);
    for (const field of COUNTER_FIELDS) args.push(String(g.sums[field]));
  }
  args.push(jsonForLua(ids), members.join("\n"));

  return { keys: scriptKeys, args };
}
