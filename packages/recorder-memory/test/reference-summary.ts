// A deliberately naive reference: loops over the input array, shares no code
// with the recorder or with core's summary helpers.
import type { UsageFilter, UsageRecordInput, UsageTotals } from "@genie/usage-core";

type Key = Record<string, string | number | boolean | null>;

type ReferenceTotals = UsageTotals;

const DIMS = ["providerId", "modelName", "callType", "userId", "sessionId"] as const;

function totalOf(r: UsageRecordInput): number | null {
  if (r.totalTokens !== undefined && r.totalTokens !== null) return r.totalTokens;
  if (r.promptTokens == null && r.completionTokens == null) return null;
  return (r.promptTokens ?? 0) + (r.completionTokens ?? 0);
}

export function referenceMatches(r: UsageRecordInput, filter: UsageFilter = {}): boolean {
  for (const dim of DIMS) {
    if (!(dim in filter)) continue;
    const wanted = filter[dim];
    const list = Array.isArray(wanted) ? wanted : [wanted];
    if (!list.includes(r[dim] ?? null)) return false;
  }
  const ts = r.timestamp as number;
  if (filter.since !== undefined && ts < Number(filter.since)) return false;
  if (filter.until !== undefined && ts >= Number(filter.until)) return false;
  for (const [name, value] of Object.entries(filter.tags ?? {})) {
    const tags = r.customTags ?? {};
    if (!(name in tags) || tags[name] !== value) return false;
  }

  return true;
}

interface Sums extends ReferenceTotals {
  nanos: number;
  unpricedTokens: number;
}

const SUM_FIELDS = ["count", "prompt", "completion", "total", "cachedPrompt", "cacheWrite"];
const MORE_FIELDS = ["reasoning", "costUsd", "unpricedRecords", "nanos", "unpricedTokens"];

function emptySums(): Sums {
  return Object.fromEntries([...SUM_FIELDS, ...MORE_FIELDS].map((f) => [f, 0])) as unknown as Sums;
}

function add(s: Sums, r: UsageRecordInput): void {
  s.count++;
  s.prompt += r.promptTokens ?? 0;
  s.completion += r.completionTokens ?? 0;
  s.total += totalOf(r) ?? 0;
  s.cachedPrompt += r.cachedPromptTokens ?? 0;
  s.cacheWrite += r.cacheWriteTokens ?? 0;
  s.reasoning += r.reasoningTokens ?? 0;
  if (r.costUsd == null) {
    s.unpricedRecords++;
    s.unpricedTokens += totalOf(r) ?? 0;
  } else s.nanos += Math.round(r.costUsd * 1e9);
  s.costUsd = s.nanos / 1e9;
}

function totals(s: Sums): ReferenceTotals {
  const { nanos: _nanos, unpricedTokens: _tokens, ...rest } = s;
  return rest;
}

function rank(v: unknown): number {
  if (v === null) return 0;
  return { boolean: 1, number: 2, string: 3 }[typeof v as "string"];
}

function compareKeys(a: Key, b: Key, names: string[]): number {
  for (const n of names) {
    const x = a[n] ?? null;
    const y = b[n] ?? null;
    if (x === y) continue;
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    return (x as string) < (y as string) ? -1 : 1;
  }
  return 0;
}

/**
 * The summary the contract asks for. `keyOf` gives a record's group key (the
 * test decides how buckets are computed); without it there are no groups.
 */
export function referenceSummary(
  records: readonly UsageRecordInput[],
  filter: UsageFilter = {},
  grouping?: { names: string[]; keyOf: (r: UsageRecordInput) => Key },
) {
  const all = emptySums();
  const models = new Map<string, Sums>();
  const groups = new Map<string, { key: Key; sums: Sums }>();
  let first: number | null = null;
  let last: number | null = null;
  for (const r of records) {
    if (!referenceMatches(r, filter)) continue;
    add(all, r);
    if (!models.has(r.modelName)) models.set(r.modelName, emptySums());
    add(models.get(r.modelName) as Sums, r);
    const ts = r.timestamp as number;
    if (first === null || ts < first) first = ts;
    if (last === null || ts > last) last = ts;
    if (!grouping) continue;
    const key = grouping.keyOf(r);
    const id = JSON.stringify(grouping.names.map((n) => [typeof key[n], key[n]]));
    if (!groups.has(id)) groups.set(id, { key, sums: emptySums() });
    add(groups.get(id)?.sums as Sums, r);
  }
  const byModel: Record<string, ReferenceTotals> = {};
  for (const [name, sums] of models) byModel[name] = totals(sums);

  return {
    totalRecords: all.count,
    totalPromptTokens: all.prompt,
    totalCompletionTokens: all.completion,
    totalTokensOverall: all.total,
    totalCachedPromptTokens: all.cachedPrompt,
    totalCacheWriteTokens: all.cacheWrite,
    totalReasoningTokens: all.reasoning,
    totalCostUsd: all.nanos / 1e9,
    unpricedRecords: all.unpricedRecords,
    unpricedTokens: all.unpricedTokens,
    firstTimestamp: first,
    lastTimestamp: last,
    byModel,
    ...(grouping
      ? {
          groups: [...groups.values()]
            .map((g) => ({ key: g.key, ...totals(g.sums) }))
            .sort((a, b) => compareKeys(a.key, b.key, grouping.names)),
        }
      : {}),
  };
}
