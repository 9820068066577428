import type {
  GroupKey,
  NormalizedFilter,
  NormalizedQuery,
  UsageGroup,
  UsageRecord,
  UsageSummary,
  UsageTotals,
} from "@genie/usage-core";
import { referenceBucketStart } from "./local-time.js";

/**
 * The reference recorder: a plain list of records, scanned in full for every
 * answer. Written from the contract alone, without core's helpers, so that a
 * recorder built on those helpers is still checked against something else.
 */
export class ReferenceStore {
  readonly #records = new Map<string, UsageRecord>();

  /** The same id twice counts once: the first copy stays. */
  add(record: UsageRecord): void {
    if (!this.#records.has(record.id)) this.#records.set(record.id, record);
  }

  addAll(records: readonly UsageRecord[]): void {
    for (const record of records) this.add(record);
  }

  clear(filter: NormalizedFilter | undefined): number {
    let removed = 0;
    for (const [id, record] of this.#records) {
      if (filter === undefined || referenceMatches(record, filter)) {
        this.#records.delete(id);
        removed += 1;
      }
    }

    return removed;
  }

  summary(query: NormalizedQuery): UsageSummary {
    return referenceSummary([...this.#records.values()], query);
  }
}

const DIMENSION_KEYS = ["providerId", "modelName", "callType", "userId", "sessionId"] as const;

export function referenceMatches(record: UsageRecord, filter: NormalizedFilter): boolean {
  for (const key of DIMENSION_KEYS) {
    const accepted = filter[key];
    if (accepted !== undefined && !accepted.some((value) => value === record[key])) return false;
  }
  if (filter.since !== undefined && !(record.timestamp >= filter.since)) return false;
  if (filter.until !== undefined && !(record.timestamp < filter.until)) return false;
  for (const [name, value] of Object.entries(filter.tags ?? {})) {
    const tags = record.customTags;
    if (tags === null || !Object.hasOwn(tags, name) || tags[name] !== value) return false;
  }

  return true;
}

function nanos(usd: number): number {
  return Math.round(usd * 1e9);
}

function totalsOf(records: readonly UsageRecord[]): UsageTotals {
  const sum = (pick: (r: UsageRecord) => number | null): number =>
    records.reduce((acc, r) => acc + (pick(r) ?? 0), 0);
  const priced = records.filter((r) => r.costUsd !== null);

  return {
    count: records.length,
    prompt: sum((r) => r.promptTokens),
    completion: sum((r) => r.completionTokens),
    total: sum((r) => r.totalTokens),
    cachedPrompt: sum((r) => r.cachedPromptTokens),
    cacheWrite: sum((r) => r.cacheWriteTokens),
    reasoning: sum((r) => r.reasoningTokens),
    costUsd: priced.reduce((acc, r) => acc + nanos(r.costUsd ?? 0), 0) / 1e9,
    unpricedRecords: records.length - priced.length,
  };
}

function keyOf(record: UsageRecord, query: NormalizedQuery): GroupKey {
  const key: GroupKey = {};
  for (const entry of query.groupBy) {
    if (entry.kind === "dimension") key[entry.name] = record[entry.key];
    else if (entry.kind === "time") {
      key[entry.name] = referenceBucketStart(record.timestamp, entry.bucket, query.timeZone);
    } else {
      const tags = record.customTags;
      key[entry.name] = tags !== null && Object.hasOwn(tags, entry.tag) ? tags[entry.tag]! : null;
    }
  }

  return key;
}

type KeyValue = GroupKey[string];

function rank(value: KeyValue): number {
  if (value === null) return 0;
  return { boolean: 1, number: 2, string: 3 }[typeof value as "boolean" | "number" | "string"];
}

/** null first, then booleans, numbers, strings; strings by UTF-16 code units. */
export function compareKeyValues(a: KeyValue, b: KeyValue): number {
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a === b || a === null || b === null) return 0;

  return a < b ? -1 : 1;
}

function groupsOf(records: readonly UsageRecord[], query: NormalizedQuery): UsageGroup[] {
  const byKey = new Map<string, { key: GroupKey; records: UsageRecord[] }>();
  for (const record of records) {
    const key = keyOf(record, query);
    // JSON keeps "1", 1, true and null apart.
    const id = JSON.stringify(query.groupBy.map((g) => key[g.name]));
    const group = byKey.get(id) ?? { key, records: [] };
    group.records.push(record);
    byKey.set(id, group);
  }
  const groups = [...byKey.values()].map((g) => ({ key: g.key, ...totalsOf(g.records) }));

  return groups.sort((x, y) => {
    for (const g of query.groupBy) {
      const order = compareKeyValues(x.key[g.name]!, y.key[g.name]!);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** The summary the contract asks for, over `records` (already free of duplicate ids). */
export function referenceSummary(
  records: readonly UsageRecord[],
  query: NormalizedQuery,
): UsageSummary {
  const matched = records.filter((r) => referenceMatches(r, query.filter));
  const overall = totalsOf(matched);
  const unpriced = matched.filter((r) => r.costUsd === null);
  const models = [...new Set(matched.map((r) => r.modelName))];
  const stamps = matched.map((r) => r.timestamp);
  const summary: UsageSummary = {
    totalRecords: overall.count,
    totalPromptTokens: overall.prompt,
    totalCompletionTokens: overall.completion,
    totalTokensOverall: overall.total,
    totalCachedPromptTokens: overall.cachedPrompt,
    totalCacheWriteTokens: overall.cacheWrite,
    totalReasoningTokens: overall.reasoning,
    totalCostUsd: overall.costUsd,
    unpricedRecords: overall.unpricedRecords,
    unpricedTokens: totalsOf(unpriced).total,
    firstTimestamp: stamps.length > 0 ? stamps.reduce((a, b) => Math.min(a, b)) : null,
    lastTimestamp: stamps.length > 0 ? stamps.reduce((a, b) => Math.max(a, b)) : null,
    byModel: Object.fromEntries(
      models.map((m) => [m, totalsOf(matched.filter((r) => r.modelName === m))]),
    ),
  };
  if (query.groupBy.length > 0) summary.groups = groupsOf(matched, query);

  return summary;
}
