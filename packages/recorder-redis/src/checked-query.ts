import {
  type GroupByKey,
  InvalidQueryError,
  type NormalizedFilter,
  type NormalizedQuery,
  normalizeFilter,
  normalizeQuery,
} from "@genie/usage-core";

/**
 * A groupBy entry in the form core's normalizeQuery takes: strings pass through
 * (core checks them); an object must be, field for field, the entry core makes
 * of its `name`, so nothing hand-made can reach the scripts.
 */
function entryAsName(entry: unknown): unknown {
  if (typeof entry !== "object" || entry === null) return entry;
  const given = entry as Record<string, unknown>;
  const name = given.name;
  if (typeof name !== "string") {
    throw new InvalidQueryError("groupBy", "an entry must be a string or a normalized entry.");
  }
  const made = normalizeQuery({ groupBy: [name as GroupByKey] }).groupBy[0] as object;
  const fields = Object.entries(made);
  const same =
    Object.keys(given).length === fields.length && fields.every(([k, v]) => given[k] === v);
  if (!same) {
    throw new InvalidQueryError("groupBy", `the entry named "${name}" is not core's form of it.`);
  }

  return name;
}

/**
 * The query checked again with core's rules: the recorder can be used directly,
 * with an object no facade validated. A normalized query comes out unchanged;
 * anything else fails with core's InvalidQueryError / UnknownFilterKeyError.
 */
export function checkedQuery(query: NormalizedQuery | undefined): NormalizedQuery {
  if (query === undefined || query === null) return normalizeQuery(undefined);
  if (typeof query !== "object" || Array.isArray(query)) {
    throw new InvalidQueryError("query", "must be an object.");
  }
  const groupBy: unknown = query.groupBy;
  const names = Array.isArray(groupBy) ? groupBy.map(entryAsName) : groupBy;

  return normalizeQuery({ ...query, groupBy: names as GroupByKey[] });
}

/** The filter checked again; an unknown key or a bad value must never widen a delete. */
export function checkedFilter(filter: NormalizedFilter | undefined): NormalizedFilter | undefined {
  return filter === undefined ? undefined : normalizeFilter(filter);
}
