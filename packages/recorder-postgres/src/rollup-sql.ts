import type { TableNames } from "./types.js";

/** The token counters, with the same column names in records and rollups. */
export const TOKEN_COLUMNS = [
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "cached_prompt_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
] as const;

/** `coalesce(sum(col), 0) AS col` for every token counter. */
export const SUMMED_TOKENS = TOKEN_COLUMNS.map((c) => `coalesce(sum(${c}), 0) AS ${c}`).join(
  ",\n  ",
);

/** Daily rollup counters from any relation with the records' columns, grouped by 1, 2. */
export const ROLLUP_SUMS_FROM_RECORDS = `
  SELECT (ts AT TIME ZONE 'UTC')::date AS day, model_name, count(*) AS count,
  ${SUMMED_TOKENS},
  coalesce(sum(cost_usd), 0) AS cost_usd,
  count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_records,
  coalesce(sum(total_tokens) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_tokens,
  min(ts) AS first_ts, max(ts) AS last_ts`;

const COUNTERS = [
  "count",
  ...TOKEN_COLUMNS,
  "cost_usd",
  "unpriced_records",
  "unpriced_tokens",
] as const;

/** Adds pre-summed rows to the rollups, locking rollup rows in (day, model) order. */
export function rollupUpsert(names: TableNames, sums: string): string {
  const add = COUNTERS.map((c) => `${c} = r.${c} + excluded.${c}`).join(",\n      ");

  return `
    INSERT INTO ${names.rollup} AS r
    SELECT * FROM ${sums} AS sums ORDER BY day, model_name
    ON CONFLICT (day, model_name) DO UPDATE SET
      ${add},
      first_ts = least(r.first_ts, excluded.first_ts),
      last_ts = greatest(r.last_ts, excluded.last_ts)`;
}

/** Subtracts deleted rows (a relation `deleted` with the records' columns). */
export function rollupSubtract(names: TableNames): string {
  const subtract = COUNTERS.map((c) => `${c} = r.${c} - d.${c}`).join(",\n      ");

  return `
    UPDATE ${names.rollup} AS r SET
      ${subtract}
    FROM (${ROLLUP_SUMS_FROM_RECORDS} FROM deleted GROUP BY 1, 2) AS d
    WHERE r.day = d.day AND r.model_name = d.model_name
    RETURNING r.day::text AS day, r.model_name`;
}

/**
 * After a delete: empty rollup rows go, and the first and last instants of the rows
 * that shrank are read again from the records (the model_name, ts index).
 */
export function rollupRepairStatements(names: TableNames): string[] {
  const bounds = (agg: "min" | "max"): string => `(
        SELECT ${agg}(t.ts) FROM ${names.records} AS t
        WHERE t.model_name = r.model_name
          AND t.ts >= (r.day::timestamp AT TIME ZONE 'UTC')
          AND t.ts < ((r.day + 1)::timestamp AT TIME ZONE 'UTC'))`;

  return [
    `DELETE FROM ${names.rollup} WHERE count = 0 AND (day, model_name) IN
       (SELECT day, model_name FROM unnest($1::date[], $2::text[]) AS a(day, model_name))`,
    `UPDATE ${names.rollup} AS r SET first_ts = ${bounds("min")}, last_ts = ${bounds("max")}
     WHERE (r.day, r.model_name) IN
       (SELECT day, model_name FROM unnest($1::date[], $2::text[]) AS a(day, model_name))`,
  ];
}
