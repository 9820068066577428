/** Public types of the usage contract (DESIGN §2, §3). */

/** A flat tag map: string, number or boolean values only. */
export type UsageTags = Readonly<Record<string, string | number | boolean>>;

/** What a caller hands to `recordUsage`. Counts may be omitted or null (unknown). */
export interface UsageRecordInput {
  providerId: string;
  modelName: string;
  promptTokens?: number | null;
  completionTokens?: number | null;
  totalTokens?: number | null;
  cachedPromptTokens?: number | null;
  cacheWriteTokens?: number | null;
  reasoningTokens?: number | null;
  /** Epoch milliseconds (or a Date) of when the call finished. Default: now. */
  timestamp?: number | Date;
  callType?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  customTags?: UsageTags | null;
  costUsd?: number | null;
  /** Idempotency key: the same id recorded twice counts once. Generated when absent. */
  id?: string;
}

/** A validated, stamped record: what every recorder receives. */
export interface UsageRecord {
  readonly id: string;
  /**
   * `generated` ids are unique by construction (never seen before), so a recorder
   * that tracks ids only to drop duplicates may skip remembering them.
   */
  readonly idSource: "caller" | "generated";
  readonly providerId: string;
  readonly modelName: string;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
  readonly cachedPromptTokens: number | null;
  readonly cacheWriteTokens: number | null;
  readonly reasoningTokens: number | null;
  readonly timestamp: number;
  readonly callType: string | null;
  readonly userId: string | null;
  readonly sessionId: string | null;
  readonly customTags: UsageTags | null;
  readonly costUsd: number | null;
}

/** The string dimensions a filter or a groupBy can name. */
export const DIMENSIONS = ["providerId", "modelName", "callType", "userId", "sessionId"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const TIME_BUCKETS = ["hour", "day", "week", "month"] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

/** A dimension filter value: one value, `null` for "not set", or any of several. */
export type DimensionMatch = string | null | readonly (string | null)[];

/** The filter a caller writes. Unknown keys and `undefined` values are rejected. */
export interface UsageFilter {
  providerId?: DimensionMatch;
  modelName?: DimensionMatch;
  callType?: DimensionMatch;
  userId?: DimensionMatch;
  sessionId?: DimensionMatch;
  /** Every given tag must match exactly (same value and type). */
  tags?: UsageTags;
  /** Inclusive lower bound, epoch ms or Date. */
  since?: number | Date;
  /** Exclusive upper bound, epoch ms or Date. */
  until?: number | Date;
}

export type GroupByKey = Dimension | TimeBucket | `tag:${string}`;

export interface UsageQuery {
  filter?: UsageFilter;
  groupBy?: readonly GroupByKey[];
  /** IANA zone for time buckets; default UTC. */
  timeZone?: string;
  /** Which recorder answers `getSummary`; default the first. */
  recorderId?: string;
}

/** A filter after validation: every dimension as a list of accepted values. */
export interface NormalizedFilter {
  readonly providerId?: readonly (string | null)[];
  readonly modelName?: readonly (string | null)[];
  readonly callType?: readonly (string | null)[];
  readonly userId?: readonly (string | null)[];
  readonly sessionId?: readonly (string | null)[];
  readonly tags?: UsageTags;
  readonly since?: number;
  readonly until?: number;
}

export type NormalizedGroupBy =
  | { readonly kind: "dimension"; readonly key: Dimension; readonly name: Dimension }
  | { readonly kind: "tag"; readonly tag: string; readonly name: `tag:${string}` }
  | { readonly kind: "time"; readonly bucket: TimeBucket; readonly name: TimeBucket };

/** What a recorder's `getSummary` receives. */
export interface NormalizedQuery {
  readonly filter: NormalizedFilter;
  readonly groupBy: readonly NormalizedGroupBy[];
  readonly timeZone: string;
}

/** Counters kept per model and per group. */
export interface UsageTotals {
  count: number;
  prompt: number;
  completion: number;
  total: number;
  cachedPrompt: number;
  cacheWrite: number;
  reasoning: number;
  costUsd: number;
  /** Records whose `costUsd` is null. */
  unpricedRecords: number;
}

/** The fields of UsageTotals, in the order of the type, for code that lists them. */
export const USAGE_TOTALS_FIELDS = [
  "count",
  "prompt",
  "completion",
  "total",
  "cachedPrompt",
  "cacheWrite",
  "reasoning",
  "costUsd",
  "unpricedRecords",
] as const satisfies readonly (keyof UsageTotals)[];

/**
 * A group's key: dimension values as strings (null when not set), tag values as
 * recorded, and a time bucket as the epoch milliseconds of the bucket's start.
 */
export type GroupKey = Record<string, string | number | boolean | null>;

export interface UsageGroup extends UsageTotals {
  key: GroupKey;
}

export interface UsageSummary {
  totalRecords: number;
  totalPromptTokens: number;
  totalCompletionTokens: number;
  totalTokensOverall: number;
  totalCachedPromptTokens: number;
  totalCacheWriteTokens: number;
  totalReasoningTokens: number;
  totalCostUsd: number;
  /** Records whose `costUsd` is null, and the tokens they carry. */
  unpricedRecords: number;
  unpricedTokens: number;
  firstTimestamp: number | null;
  lastTimestamp: number | null;
  byModel: Record<string, UsageTotals>;
  groups?: UsageGroup[];
}

/** Console-like logger; every method optional in spirit, silent by default. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** What a recorder reports about its own buffer. All optional for simple recorders. */
export interface RecorderStats {
  stored?: number;
  pending?: number;
  failed?: number;
  dropped?: number;
}

/** The recorder protocol (DESIGN §3). */
export interface UsageRecorder {
  recordUsage(record: UsageRecord): Promise<void>;
  recordBatch?(records: readonly UsageRecord[]): Promise<void>;
  getSummary(query: NormalizedQuery): Promise<UsageSummary>;
  /** Resolves to the number of records removed. No filter means all. */
  clearRecords(filter: NormalizedFilter | undefined): Promise<number>;
  /**
   * Records matching the filter (optional; used by export). Stores indexed by
   * time list them oldest first; the memory recorder in the order recorded.
   */
  listRecords?(filter: NormalizedFilter | undefined): AsyncIterable<UsageRecord>;
  flush(): Promise<void>;
  close(): Promise<void>;
  stats?(): RecorderStats;
}

export interface RecorderContext {
  /** The id this recorder has in the facade (its configured name). */
  readonly recorderId: string;
  readonly logger: Logger;
}

/** The default export of a recorder package. */
export interface RecorderPlugin<Options = Record<string, unknown>> {
  readonly name: string;
  /** Major version of the recorder contract the plugin was built for. */
  readonly contractVersion: number;
  create(options: Options, context: RecorderContext): UsageRecorder | Promise<UsageRecorder>;
}

/** One entry of `features.tokenUsageRecorder`. */
export type RecorderSelection = string | RecorderPlugin<never> | UsageRecorder;

/** Per-recorder counters of the facade (DESIGN §3 `stats()`). */
export interface RecorderUsageStats {
  accepted: number;
  stored: number;
  pending: number;
  failed: number;
  dropped: number;
}

export interface UsageStats extends RecorderUsageStats {
  /** Automatic recordings (LLM calls) whose recording failed and was swallowed. */
  autoRecordFailures: number;
  recorders: Record<string, RecorderUsageStats>;
}

/** Token counts as a provider reported them, in the record's terms (DESIGN §6). */
export interface LLMUsageInfo {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  cachedPromptTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  /** The model the provider reported, when it did. */
  modelName?: string | null;
}
