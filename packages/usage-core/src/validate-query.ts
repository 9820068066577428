import { InvalidQueryError, UnknownFilterKeyError } from "./errors.js";
import { LIMITS } from "./limits.js";
import {
  DIMENSIONS,
  type Dimension,
  type NormalizedFilter,
  type NormalizedGroupBy,
  type NormalizedQuery,
  TIME_BUCKETS,
  type TimeBucket,
  type UsageFilter,
  type UsageQuery,
} from "./types.js";
import { validateTags } from "./validate-record.js";

const FILTER_KEYS: ReadonlySet<string> = new Set([...DIMENSIONS, "tags", "since", "until"]);
const QUERY_KEYS: ReadonlySet<string> = new Set(["filter", "groupBy", "timeZone", "recorderId"]);
const DIMENSION_SET: ReadonlySet<string> = new Set(DIMENSIONS);
const BUCKET_SET: ReadonlySet<string> = new Set(TIME_BUCKETS);

/**
 * Validates a filter. Unknown keys and keys set to `undefined` are rejected, so a
 * filter built from a missing variable never widens into "everything".
 */
export function normalizeFilter(filter: UsageFilter | undefined | null): NormalizedFilter {
  if (filter === undefined || filter === null) return {};
  if (typeof filter !== "object" || Array.isArray(filter)) {
    throw new InvalidQueryError("filter", "must be an object");
  }
  const out: {
    -readonly [K in keyof NormalizedFilter]: NormalizedFilter[K];
  } = {};
  requirePlainObject(filter, "filter");
  for (const key of Object.getOwnPropertyNames(filter)) {
    if (!FILTER_KEYS.has(key)) {
      throw new UnknownFilterKeyError(
        key,
        `is not a filter key; use one of ${[...FILTER_KEYS].join(", ")}.`,
      );
    }
    const value = (filter as Record<string, unknown>)[key];
    if (value === undefined) {
      throw new UnknownFilterKeyError(
        key,
        'is undefined; write null for "not set", or leave the key out to not filter on it.',
      );
    }
    if (DIMENSION_SET.has(key)) out[key as Dimension] = dimensionValues(key, value);
    else if (key === "tags") out.tags = filterTags(value);
    else out[key as "since" | "until"] = instant(key, value);
  }
  if (out.since !== undefined && out.until !== undefined && out.since > out.until) {
    throw new InvalidQueryError(
      "filter.since",
      `(${out.since}) is after filter.until (${out.until}).`,
    );
  }

  return out;
}

function dimensionValues(key: string, value: unknown): readonly (string | null)[] {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (v !== null && typeof v !== "string") {
      throw new InvalidQueryError(
        `filter.${key}`,
        `must be a string, null, or an array of them (got ${describe(v)}).`,
      );
    }
  }

  return [...new Set(values as (string | null)[])];
}

function filterTags(value: unknown): NormalizedFilter["tags"] {
  try {
    return validateTags(value, "filter.tags");
  } catch (error) {
    throw new InvalidQueryError(
      "filter.tags",
      error instanceof Error ? error.message : String(error),
    );
  }
}

function instant(key: string, value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new InvalidQueryError(`filter.${key}`, "must be epoch milliseconds or a valid Date.");
  }
  // 0 means "from the beginning"; anything else below 1e11 is seconds by mistake.
  if (ms < 0 || (ms > 0 && ms < LIMITS.minTimestampMs)) {
    throw new InvalidQueryError(
      `filter.${key}`,
      `(${ms}) looks like seconds, not milliseconds (values below 1e11 are rejected); multiply by 1000.`,
    );
  }

  return ms;
}

function groupByEntry(entry: unknown): NormalizedGroupBy {
  if (typeof entry !== "string")
    throw new InvalidQueryError("groupBy", `entries must be strings (got ${describe(entry)}).`);
  if (DIMENSION_SET.has(entry))
    return { kind: "dimension", key: entry as Dimension, name: entry as Dimension };
  if (BUCKET_SET.has(entry))
    return { kind: "time", bucket: entry as TimeBucket, name: entry as TimeBucket };
  if (entry.startsWith("tag:") && entry.length > 4) {
    return { kind: "tag", tag: entry.slice(4), name: entry as `tag:${string}` };
  }
  throw new InvalidQueryError(
    "groupBy",
    `"${entry}" is not a dimension; use ${DIMENSIONS.join(", ")}, tag:<name>, or one of ${TIME_BUCKETS.join(", ")}.`,
  );
}

/**
 * Only a plain object's own keys are a filter: a class instance's getters or an
 * inherited key would otherwise be skipped and the filter would silently widen.
 */
function requirePlainObject(value: object, field: string): void {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidQueryError(field, "must be a plain object literal.");
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new InvalidQueryError(field, "must not have symbol keys.");
  }
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Validates a whole query (filter, groupBy, timeZone). */
export function normalizeQuery(query: UsageQuery | undefined | null): NormalizedQuery {
  if (query === undefined || query === null) return { filter: {}, groupBy: [], timeZone: "UTC" };
  if (typeof query !== "object" || Array.isArray(query))
    throw new InvalidQueryError("query", "must be an object.");
  requirePlainObject(query, "query");
  for (const key of Object.getOwnPropertyNames(query)) {
    if (!QUERY_KEYS.has(key)) {
      throw new InvalidQueryError(
        key,
        `is not a query option; use filter, groupBy, timeZone or recorderId.`,
      );
    }
  }
  const groupByInput = query.groupBy ?? [];
  if (!Array.isArray(groupByInput)) throw new InvalidQueryError("groupBy", "must be an array.");
  const groupBy = groupByInput.map(groupByEntry);
  const names = groupBy.map((g) => g.name);
  if (new Set(names).size !== names.length)
    throw new InvalidQueryError("groupBy", "names a dimension twice.");
  if (groupBy.filter((g) => g.kind === "time").length > 1) {
    throw new InvalidQueryError(
      "groupBy",
      "may hold only one time bucket (hour, day, week or month).",
    );
  }

  return {
    filter: normalizeFilter(query.filter),
    groupBy,
    timeZone: validateTimeZone(query.timeZone),
  };
}

/** Canonical IANA name of a time zone; default UTC. */
export function validateTimeZone(timeZone: unknown): string {
  if (timeZone === undefined || timeZone === null) return "UTC";
  if (typeof timeZone !== "string" || timeZone.length === 0) {
    throw new InvalidQueryError(
      "timeZone",
      "must be an IANA time zone name such as Europe/Berlin.",
    );
  }
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidQueryError("timeZone", `"${timeZone}" is not a known IANA time zone.`);
  }
}
