import type { NormalizedFilter, NormalizedQuery } from "@genie/usage-core";
import { filterSql, instantSql, type SqlParams } from "./filter-sql.js";

const DAY_MS = 86_400_000;

function isWholeUtcDay(ms: number | undefined): boolean {
  return ms === undefined || ms % DAY_MS === 0;
}

/**
 * Whether the daily rollups answer a query exactly: a filter on model and whole
 * UTC days at most, grouped by model and UTC day, week or month at most.
 */
export function canUseRollup(query: NormalizedQuery): boolean {
  const { filter } = query;
  const filterKeys = Object.keys(filter).filter(
    (k) => filter[k as keyof NormalizedFilter] !== undefined,
  );
  const onlyModelAndTime = filterKeys.every(
    (k) => k === "modelName" || k === "since" || k === "until",
  );
  if (!onlyModelAndTime || !isWholeUtcDay(filter.since) || !isWholeUtcDay(filter.until)) {
    return false;
  }

  return query.groupBy.every(
    (g) =>
      (g.kind === "dimension" && g.key === "modelName") ||
      (g.kind === "time" && g.bucket !== "hour" && query.timeZone === "UTC"),
  );
}

/** The rollup predicate: the model filter as on records, the time range on `day`. */
export function rollupFilterSql(filter: NormalizedFilter, params: SqlParams): string {
  const parts = [filterSql({ modelName: filter.modelName }, params)];
  const day = (ms: number): string => `(${instantSql(params, ms)} AT TIME ZONE 'UTC')::date`;
  if (filter.since !== undefined) parts.push(`day >= ${day(filter.since)}`);
  if (filter.until !== undefined) parts.push(`day < ${day(filter.until)}`);

  return parts.join(" AND ");
}
