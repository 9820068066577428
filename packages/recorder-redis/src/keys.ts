/**
 * Key names of one namespace. Every key starts with the hash tag `{prefix}`, so all
 * of them live in one cluster slot and every script may touch any of them. No
 * recorded value ever becomes part of a key name: model names are hash fields,
 * records are sorted-set members, days are numbers.
 */
export interface NamespaceKeys {
  /** Sorted set (all scores 0, ordered by member): every record, time-ordered. */
  readonly records: string;
  /** Set of every stored record id: the idempotency check. */
  readonly ids: string;
  /** Hash of the namespace totals. */
  readonly totals: string;
  /** Hash of per-model totals, fields `<counter>:<modelName>`. */
  readonly models: string;
  /** Sorted set of the UTC days (epoch ms of midnight) that hold records. */
  readonly days: string;
  /** Prefix of a day's totals hash: `<dayTotals><dayMs>`. */
  readonly dayTotals: string;
  /** Prefix of a day's per-model hash: `<dayModels><dayMs>`. */
  readonly dayModels: string;
}

export function namespaceKeys(prefix: string): NamespaceKeys {
  const tag = `{${prefix}}`;

  return {
    records: `${tag}:records`,
    ids: `${tag}:ids`,
    totals: `${tag}:totals`,
    models: `${tag}:models`,
    days: `${tag}:days`,
    dayTotals: `${tag}:day:`,
    dayModels: `${tag}:day-models:`,
  };
}

/** Counter names inside the totals hashes, in the order scripts exchange them. */
export const COUNTER_CODES = ["n", "p", "c", "t", "cp", "cw", "r", "usd", "un", "ut"] as const;

/** The accumulator field each counter code feeds. */
export const COUNTER_FIELDS = [
  "count",
  "prompt",
  "completion",
  "total",
  "cachedPrompt",
  "cacheWrite",
  "reasoning",
  "costNanos",
  "unpricedRecords",
  "unpricedTokens",
] as const;
