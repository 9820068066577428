import { InvalidQueryError } from "./errors.js";
import type { GroupByKey, NormalizedFilter, NormalizedQuery } from "./types.js";
import { normalizeFilter, normalizeQuery } from "./validate-query.js";

/**
 * A groupBy entry in the form normalizeQuery takes: a string passes through
 * (normalizeQuery checks it); an object must be, field for field, the entry
 * core makes of its `name`, so nothing hand-made reaches SQL or a script.
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
 * A recorder's query checked again with core's rules, for recorders used
 * directly with objects no facade validated. A normalized query comes out
 * unchanged; anything else fails with InvalidQueryError / UnknownFilterKeyError.
 */
export function revalidateQuery(query: NormalizedQuery | undefined): NormalizedQuery {
  if (query === undefined || query === null) return normalizeQuery(undefined);
  if (typeof query !== "object" || Array.isArray(query)) {
    throw new InvalidQueryError("query", "must be an object.");
  }
  const groupBy: unknown = query.groupBy;
  const names = Array.isArray(groupBy) ? groupBy.map(entryAsName) : groupBy;

  return normalizeQuery({ ...query, groupBy: names as GroupByKey[] });
}

/**
 * A recorder's filter checked again: an unknown key or a bad value must never
 * widen a delete. No filter stays no filter.
 */
export function revalidateFilter(
  filter: NormalizedFilter | undefined,
): NormalizedFilter | undefined {
  return filter === undefined ? undefined : normalizeFilter(filter);
}
