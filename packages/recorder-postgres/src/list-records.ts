import type { NormalizedFilter, UsageRecord, UsageTags } from "@genie/usage-core";
import type { Pool } from "pg";
import { filterSql, SqlParams } from "./filter-sql.js";
import type { TableNames } from "./types.js";

const PAGE_SIZE = 1000;

interface RecordRow {
  id: string;
  provider_id: string;
  model_name: string;
  prompt_tokens: string | null;
  completion_tokens: string | null;
  total_tokens: string | null;
  cached_prompt_tokens: string | null;
  cache_write_tokens: string | null;
  reasoning_tokens: string | null;
  ts_ms: string;
  ts_text: string;
  call_type: string | null;
  user_id: string | null;
  session_id: string | null;
  custom_tags: UsageTags | null;
  cost_usd: string | null;
}

const count = (value: string | null): number | null => (value === null ? null : Number(value));

function recordOf(row: RecordRow): UsageRecord {
  return {
    id: row.id,
    idSource: "caller",
    providerId: row.provider_id,
    modelName: row.model_name,
    promptTokens: count(row.prompt_tokens),
    completionTokens: count(row.completion_tokens),
    totalTokens: count(row.total_tokens),
    cachedPromptTokens: count(row.cached_prompt_tokens),
    cacheWriteTokens: count(row.cache_write_tokens),
    reasoningTokens: count(row.reasoning_tokens),
    timestamp: Number(row.ts_ms),
    callType: row.call_type,
    userId: row.user_id,
    sessionId: row.session_id,
    customTags: row.custom_tags,
    costUsd: count(row.cost_usd),
  };
}

/**
 * Pages through the matching records oldest first, by (ts, id) with ids in code-unit
 * order (COLLATE "C"), a page per query.
 */
export async function* listRecords(
  pool: Pool,
  names: TableNames,
  filter: NormalizedFilter | undefined,
): AsyncIterable<UsageRecord> {
  let after: { ts: string; id: string } | undefined;
  for (;;) {
    const params = new SqlParams();
    const where = [filterSql(filter, params)];
    if (after) {
      where.push(
        `(ts, id COLLATE "C") > (${params.add(after.ts)}::timestamptz, ${params.add(after.id)})`,
      );
    }
    const result = await pool.query<RecordRow>(
      `SELECT *, ts::text AS ts_text, extract(epoch FROM ts) * 1000 AS ts_ms
       FROM ${names.records} WHERE ${where.join(" AND ")}
       ORDER BY ts, id COLLATE "C" LIMIT ${PAGE_SIZE}`,
      params.values,
    );
    for (const row of result.rows) yield recordOf(row);
    const last = result.rows.at(-1);
    if (!last || result.rows.length < PAGE_SIZE) return;
    after = { ts: last.ts_text, id: last.id };
  }
}
