import {
  DIMENSIONS,
  type GroupByKey,
  type UsageFilter,
  type UsageQuery,
  type UsageRecordInput,
} from "@genie/usage-core";
import fc from "fast-check";
import { CLOCK_CHANGES } from "./groups/time-buckets.js";

const DAY = 86_400_000;

/** Small pools, so random records share values and random filters hit them. */
const POOLS = {
  providerId: ["openai", "anthropic", "a:b"],
  modelName: ["gpt-4o", "claude", "team*", "a_b", "aXb"],
  callType: [null, "chat", "generate"],
  userId: [null, "a", "a:b", "team*", "%", "🚀"],
  sessionId: [null, "s1", "s:1", "S1"],
} as const satisfies Record<(typeof DIMENSIONS)[number], readonly (string | null)[]>;

const TAG_VALUES = ["a", "b", "1", 1, 2, 10, true, false, "%", ""] as const;
const ZONES = ["UTC", ...new Set(CLOCK_CHANGES.map((c) => c.zone))];
const ANCHORS = [...CLOCK_CHANGES.map((c) => c.at), Date.UTC(2024, 11, 31, 23, 30)];

const nullableCount = fc.option(
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 50_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(2 ** 32, 2 ** 40 + 3) },
  ),
  { nil: null, freq: 6 },
);

const cost = fc.option(
  fc.oneof(
    fc.constantFrom(0, 0.1, 0.2, 0.3, 0.000001234, 1.5),
    fc.integer({ min: 0, max: 2_000_000_000 }).map((nanos) => nanos / 1e9),
  ),
  { nil: null, freq: 4 },
);

const tags = fc.option(
  fc
    .record(
      { team: fc.constantFrom(...TAG_VALUES), feature: fc.constantFrom(...TAG_VALUES) },
      { requiredKeys: [] },
    )
    .chain((base) =>
      fc
        .option(fc.constantFrom(...TAG_VALUES), { nil: undefined })
        .map((odd) => (odd === undefined ? base : { ...base, "a:b": odd })),
    ),
  { nil: null, freq: 4 },
);

const timestamp = fc
  .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
  .map(([anchor, offset]) => anchor + offset);

/** A caller's record (no id: one is generated each time it is stamped). */
export const recordInput: fc.Arbitrary<UsageRecordInput> = fc
  .record({
    providerId: fc.constantFrom(...POOLS.providerId),
    modelName: fc.constantFrom(...POOLS.modelName),
    callType: fc.constantFrom(...POOLS.callType),
    userId: fc.constantFrom(...POOLS.userId),
    sessionId: fc.constantFrom(...POOLS.sessionId),
    customTags: tags,
    prompt: nullableCount,
    completion: nullableCount,
    total: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null, freq: 2 }),
    parts: fc.tuple(
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
    ),
    costUsd: cost,
    timestamp,
  })
  .map(({ prompt, completion, total, parts, ...rest }) => ({
    ...rest,
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: total,
    cachedPromptTokens: prompt === null ? null : Math.floor(prompt * parts[0]),
    cacheWriteTokens: prompt === null ? null : Math.floor(prompt * parts[1]),
    reasoningTokens: completion === null ? null : Math.floor(completion * parts[0]),
  }));

function dimensionMatch(pool: readonly (string | null)[]) {
  return fc.oneof(fc.constantFrom(...pool), fc.subarray([...pool, "absent"]));
}

/** A filter over the pools; `instants` are times worth hitting exactly. */
export function filterInput(instants: readonly number[]): fc.Arbitrary<UsageFilter> {
  const instant = fc
    .tuple(fc.constantFrom(...instants, ...ANCHORS), fc.constantFrom(-1, 0, 0, 1))
    .map(([t, nudge]) => t + nudge);

  return fc
    .record(
      {
        providerId: dimensionMatch(POOLS.providerId),
        modelName: dimensionMatch(POOLS.modelName),
        callType: dimensionMatch(POOLS.callType),
        userId: dimensionMatch(POOLS.userId),
        sessionId: dimensionMatch(POOLS.sessionId),
        tags: fc.record(
          { team: fc.constantFrom(...TAG_VALUES), "a:b": fc.constantFrom(...TAG_VALUES) },
          { requiredKeys: [] },
        ),
        window: fc.tuple(
          fc.option(instant, { nil: undefined }),
          fc.option(instant, { nil: undefined }),
        ),
      },
      { requiredKeys: [] },
    )
    .map(({ window, ...filter }) => {
      const [a, b] = window ?? [undefined, undefined];
      const out: UsageFilter = { ...filter };
      if (a !== undefined) out.since = b === undefined ? a : Math.min(a, b);
      if (b !== undefined) out.until = a === undefined ? b : Math.max(a, b);
      return out;
    });
}

const GROUPABLE: GroupByKey[] = [...DIMENSIONS, "tag:team", "tag:feature", "tag:a:b"];

/** A whole query: filter, groupBy (at most one time bucket), time zone. */
export function queryInput(instants: readonly number[]): fc.Arbitrary<UsageQuery> {
  return fc
    .record({
      filter: fc.option(filterInput(instants), { nil: undefined }),
      groupBy: fc.shuffledSubarray(GROUPABLE, { maxLength: 3 }),
      bucket: fc.option(fc.constantFrom("hour", "day", "week", "month" as const), {
        nil: undefined,
      }),
      timeZone: fc.constantFrom(...ZONES),
    })
    .map(({ filter, groupBy, bucket, timeZone }) => ({
      ...(filter === undefined ? {} : { filter }),
      groupBy: bucket === undefined ? groupBy : [...groupBy, bucket],
      timeZone,
    }));
}
