import {
  accumulate,
  bucketStart,
  createAccumulator,
  type TotalsAccumulator,
  type UsageRecord,
} from "@genie/usage-core";
import { encodeMembers, jsonForLua } from "./encode-record.js";
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
  const days = new Map<number, { index: number; models: Map<string, Group> }>();
  const groups: Group[] = [];
  const ids: string[] = [];
  for (const record of records) {
    const day = bucketStart(record.timestamp, "day");
    let inDay = days.get(day);
    if (!inDay) {
      inDay = { index: days.size + 1, models: new Map() };
      days.set(day, inDay);
    }
    let group = inDay.models.get(record.modelName);
    if (!group) {
      group = { dayIndex: inDay.index, day, model: record.modelName, sums: createAccumulator() };
      inDay.models.set(record.modelName, group);
      groups.push(group);
    }
    accumulate(group.sums, record);
    ids.push(record.id);
  }

  const scriptKeys = [keys.records, keys.ids, keys.totals, keys.models, keys.days];
  for (const day of days.keys()) scriptKeys.push(keys.dayTotals + day, keys.dayModels + day);
  const args = [String(groups.length)];
  for (const g of groups) {
    args.push(String(g.dayIndex), String(g.day), g.model);
    for (const field of COUNTER_FIELDS) args.push(String(g.sums[field]));
  }
  args.push(jsonForLua(ids), encodeMembers(records));

  return { keys: scriptKeys, args };
}
