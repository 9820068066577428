import type { NormalizedFilter } from "@genie/usage-core";
import { filterSql, SqlParams } from "./filter-sql.js";
import { rollupSubtract } from "./rollup-sql.js";
import type { TableNames } from "./types.js";

export interface ClearPlan {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * Deletes the matching records and subtracts them from the rollups in one statement;
 * returns how many went and which rollup rows shrank (to repair their bounds).
 */
export function buildClearSql(
  names: TableNames,
  filter: NormalizedFilter | undefined,
  partitioned: boolean,
): ClearPlan {
  const params = new SqlParams();
  const where = filterSql(filter, params);
  const forgetIds = partitioned
    ? `forgotten AS (DELETE FROM ${names.ids} WHERE id IN (SELECT id FROM deleted)),`
    : "";
  const sql = `
WITH deleted AS (
    DELETE FROM ${names.records} WHERE ${where}
    RETURNING id, model_name, ts, prompt_tokens, completion_tokens, total_tokens,
              cached_prompt_tokens, cache_write_tokens, reasoning_tokens, cost_usd
  ),
  ${forgetIds}
  shrunk AS (${rollupSubtract(names)})
SELECT (SELECT count(*) FROM deleted)::int AS deleted,
       coalesce(array_agg(day), '{}') AS days,
       coalesce(array_agg(model_name), '{}') AS models
FROM shrunk`;

  return { sql, params: params.values };
}
