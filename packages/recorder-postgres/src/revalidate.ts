import type { GroupByKey, NormalizedFilter, NormalizedQuery } from "@genie/usage-core";
import { InvalidQueryError, normalizeFilter, normalizeQuery } from "@genie/usage-core";

function sameEntry(given: object, expected: object): boolean {
  const a = Object.entries(given).sort(([x], [y]) => (x < y ? -1 : 1));
  const b = Object.entries(expected).sort(([x], [y]) => (x < y ? -1 : 1));

  return JSON.stringify(a) === JSON.stringify(b);
}

/** A groupBy entry as core's string form; a normalized entry must be exactly its name's. */
function entryName(entry: unknown): unknown {
  if (typeof entry !== "object" || entry === null) return entry;
  const name = (entry as { name?: unknown }).name;
  if (typeof name !== "string") {
    throw new InvalidQueryError("groupBy", "entries must be strings or normalized entries.");
  }
  const expected = normalizeQuery({ groupBy: [name as GroupByKey] }).groupBy[0] as object;
  if (!sameEntry(entry, expected)) {
    throw new InvalidQueryError("groupBy", `entry "${name}" does not match its normalized form.`);
  }

  return name;
}

/**
 * Validates a query again with core's rules: the recorder may be used directly,
 * with an object no facade checked, and only validated values may shape the SQL.
 */
export function revalidateQuery(query: NormalizedQuery | undefined): NormalizedQuery {
  if (query === undefined || query === null) return normalizeQuery(undefined);
  if (typeof query !== "object" || Array.isArray(query)) {
    throw new InvalidQueryError("query", "must be an object.");
  }
  const groupBy: unknown = query.groupBy;

  return normalizeQuery({
    ...query,
    groupBy: (Array.isArray(groupBy) ? groupBy.map(entryName) : groupBy) as GroupByKey[],
  });
}

/** Validates a filter again: an unknown key must never widen a delete to everything. */
export function revalidateFilter(filter: NormalizedFilter | undefined): NormalizedFilter {
  return normalizeFilter(filter);
}
