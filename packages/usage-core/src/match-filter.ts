import { bucketStart } from "./time-buckets.js";
import {
  DIMENSIONS,
  type GroupKey,
  type NormalizedFilter,
  type NormalizedGroupBy,
  type UsageRecord,
} from "./types.js";

/** Whether a record passes a normalized filter: a plain predicate for simple recorders. */
export function matchesFilter(record: UsageRecord, filter: NormalizedFilter | undefined): boolean {
  if (!filter) return true;
  for (const key of DIMENSIONS) {
    const accepted = filter[key];
    if (accepted && !accepted.includes(record[key])) return false;
  }
  if (filter.since !== undefined && record.timestamp < filter.since) return false;
  if (filter.until !== undefined && record.timestamp >= filter.until) return false;
  if (filter.tags) {
    const tags = record.customTags;
    for (const [name, value] of Object.entries(filter.tags)) {
      if (!tags || !Object.hasOwn(tags, name) || tags[name] !== value) return false;
    }
  }

  return true;
}

/** The group key of a record under a groupBy (time buckets as bucket-start epoch ms). */
export function groupKeyOf(
  record: UsageRecord,
  groupBy: readonly NormalizedGroupBy[],
  timeZone: string,
): GroupKey {
  const key: GroupKey = {};
  for (const g of groupBy) {
    if (g.kind === "dimension") key[g.name] = record[g.key];
    else if (g.kind === "time") key[g.name] = bucketStart(record.timestamp, g.bucket, timeZone);
    else {
      const tags = record.customTags;
      key[g.name] = tags && Object.hasOwn(tags, g.tag) ? (tags[g.tag] ?? null) : null;
    }
  }

  return key;
}
