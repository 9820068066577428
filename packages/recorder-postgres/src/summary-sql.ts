import type { NormalizedGroupBy, NormalizedQuery } from "@genie/usage-core";
import { InvalidQueryError } from "@genie/usage-core";
import { DIMENSION_COLUMNS, filterSql, SqlParams } from "./filter-sql.js";
import { canUseRollup, rollupFilterSql } from "./rollup-query.js";
import { SUMMED_TOKENS } from "./rollup-sql.js";
import type { TableNames } from "./types.js";

const RAW_AGGREGATES = `
  count(*) AS count,
  ${SUMMED_TOKENS},
  coalesce(sum(cost_usd), 0) * 1000000000 AS cost_nanos,
  count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_records,
  coalesce(sum(total_tokens) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_tokens,
  extract(epoch FROM min(ts)) * 1000 AS first_ms,
  extract(epoch FROM max(ts)) * 1000 AS last_ms`;

const ROLLUP_AGGREGATES = `
  coalesce(sum(count), 0) AS count,
  ${SUMMED_TOKENS},
  coalesce(sum(cost_usd), 0) * 1000000000 AS cost_nanos,
  coalesce(sum(unpriced_records), 0) AS unpriced_records,
  coalesce(sum(unpriced_tokens), 0) AS unpriced_tokens,
  extract(epoch FROM min(first_ts)) * 1000 AS first_ms,
  extract(epoch FROM max(last_ts)) * 1000 AS last_ms`;

/** GROUPING() takes at most 31 arguments; the model column is one of them. */
const MAX_GROUP_COLUMNS = 30;

export interface SummaryPlan {
  readonly sql: string;
  readonly params: unknown[];
  readonly source: "records" | "rollup";
  /** The key column alias (`k0`...) of each groupBy entry, in groupBy order. */
  readonly keyColumns: readonly string[];
  /** `mask` of the rows that carry the per-model and the per-group sums. */
  readonly masks: { readonly byModel: number; readonly groups: number };
}

/** `date_trunc` units: fixed text, never built from input. */
const TRUNC_UNITS: Readonly<Record<string, string>> = {
  day: "'day'",
  week: "'week'",
  month: "'month'",
};

function truncUnit(bucket: string): string {
  const unit = Object.hasOwn(TRUNC_UNITS, bucket) ? TRUNC_UNITS[bucket] : undefined;
  if (unit === undefined)
    throw new InvalidQueryError("groupBy", `"${bucket}" is not a time bucket.`);

  return unit;
}

function localHourSql(tz: string): string {
  const local = `extract(epoch FROM ts AT TIME ZONE ${tz})`;

  return `(floor(${local} / 3600) * 3600 - ${local} + extract(epoch FROM ts))`;
}

/** The grouping expression of one groupBy entry over the records table. */
function recordsKeySql(g: NormalizedGroupBy, params: SqlParams, tz: () => string): string {
  if (g.kind === "dimension") return DIMENSION_COLUMNS[g.key];
  if (g.kind === "tag") return `(custom_tags -> ${params.add(g.tag)})`;
  if (g.bucket === "hour") return localHourSql(tz());

  return `date_trunc(${truncUnit(g.bucket)}, ts AT TIME ZONE ${tz()})`;
}

/** The same over the daily rollups (only modelName and UTC day/week/month qualify). */
function rollupKeySql(g: NormalizedGroupBy): string {
  if (g.kind === "dimension") return DIMENSION_COLUMNS[g.key];
  if (g.kind === "time" && g.bucket === "day") return "day";

  return `date_trunc(${truncUnit((g as { bucket: string }).bucket)}, day::timestamp)`;
}

function maskWithout(columns: readonly string[], cleared: readonly string[]): number {
  let mask = 0;
  columns.forEach((column, i) => {
    if (!cleared.includes(column)) mask |= 1 << (columns.length - 1 - i);
  });

  return mask;
}

/**
 * One statement for the whole summary: GROUPING SETS give one row per model and one
 * per group in a single scan, told apart by GROUPING(). The overall totals are the
 * sum of the models' (every record has a model), added up in JS: one set less to
 * aggregate in SQL.
 */
export function buildSummarySql(names: TableNames, query: NormalizedQuery): SummaryPlan {
  if (query.groupBy.length >= MAX_GROUP_COLUMNS) {
    throw new InvalidQueryError("groupBy", `can name at most ${MAX_GROUP_COLUMNS - 1} keys.`);
  }
  const params = new SqlParams();
  const rollup = canUseRollup(query);
  let tzParam: string | undefined;
  const tz = (): string => {
    tzParam ??= params.add(query.timeZone);
    return tzParam;
  };
  const where = rollup ? rollupFilterSql(query.filter, params) : filterSql(query.filter, params);
  const keys = query.groupBy.map((g) => (rollup ? rollupKeySql(g) : recordsKeySql(g, params, tz)));
  const columns = [...new Set(["model_name", ...keys])];
  const keyColumns = keys.map((k) => `k${columns.indexOf(k)}`);
  // A set named twice would return its rows twice, so the groups' set joins the
  // per-model one when they are the same.
  const groupSet = `(${[...new Set(keys)].join(", ")})`;
  const sets = [...new Set(["(model_name)", ...(keys.length > 0 ? [groupSet] : [])])];
  const sql = `
SELECT GROUPING(${columns.join(", ")}) AS mask,
  ${columns.map((c, i) => `${c} AS k${i}`).join(",\n  ")},
  ${rollup ? ROLLUP_AGGREGATES : RAW_AGGREGATES}
FROM ${rollup ? names.rollup : names.records}
WHERE ${where}
GROUP BY GROUPING SETS (${sets.join(", ")})`;

  return {
    sql,
    params: params.values,
    source: rollup ? "rollup" : "records",
    keyColumns,
    masks: {
      byModel: maskWithout(columns, ["model_name"]),
      groups: maskWithout(columns, keys),
    },
  };
}
