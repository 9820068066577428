import type { UsageRecord } from "@genie/usage-core";
import { usdToNanos } from "@genie/usage-core";
import { ROLLUP_SUMS_FROM_RECORDS, rollupUpsert } from "./rollup-sql.js";
import type { TableNames } from "./types.js";

const COLUMNS =
  "id, provider_id, model_name, prompt_tokens, completion_tokens, total_tokens, " +
  "cached_prompt_tokens, cache_write_tokens, reasoning_tokens, ts, call_type, user_id, " +
  "session_id, custom_tags, cost_usd";

/** One array parameter per column: a whole batch is one statement, one round trip. */
const INPUT = `
  input AS (
    SELECT * FROM unnest(
      $1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
      $7::bigint[], $8::bigint[], $9::bigint[], $10::float8[], $11::text[], $12::text[],
      $13::text[], $14::jsonb[], $15::numeric[]
    ) AS u(id, provider_id, model_name, prompt_tokens, completion_tokens, total_tokens,
           cached_prompt_tokens, cache_write_tokens, reasoning_tokens, ts_ms, call_type,
           user_id, session_id, custom_tags, cost_usd)
  )`;

const SELECT_INPUT = `
  SELECT id, provider_id, model_name, prompt_tokens, completion_tokens, total_tokens,
         cached_prompt_tokens, cache_write_tokens, reasoning_tokens,
         timestamptz 'epoch' + ts_ms * interval '1 millisecond', call_type, user_id,
         session_id, custom_tags, cost_usd
  FROM input`;

const RETURNING = `
  RETURNING model_name, ts, prompt_tokens, completion_tokens, total_tokens,
            cached_prompt_tokens, cache_write_tokens, reasoning_tokens, cost_usd`;

/**
 * Inserts a batch and adds exactly the rows it inserted (a retried batch's rows
 * conflict and add nothing) to the daily rollups, in one statement and so in one
 * transaction. Rows go in id order and rollup rows in (day, model) order, so
 * concurrent writers always lock in the same order and never deadlock.
 */
export function buildInsertSql(names: TableNames, partitioned: boolean): string {
  const rollup = rollupUpsert(names, `(${ROLLUP_SUMS_FROM_RECORDS} FROM inserted GROUP BY 1, 2)`);
  if (!partitioned) {
    return `WITH ${INPUT},
  inserted AS (
    INSERT INTO ${names.records} (${COLUMNS}) ${SELECT_INPUT} ORDER BY id
    ON CONFLICT (id) DO NOTHING ${RETURNING}
  ),
  rolled AS (${rollup})
SELECT count(*)::int AS inserted FROM inserted`;
  }

  return `WITH ${INPUT},
  fresh AS (
    INSERT INTO ${names.ids} (id) SELECT id FROM input ORDER BY id
    ON CONFLICT (id) DO NOTHING RETURNING id
  ),
  inserted AS (
    INSERT INTO ${names.records} (${COLUMNS}) ${SELECT_INPUT}
    WHERE id IN (SELECT id FROM fresh) ${RETURNING}
  ),
  rolled AS (${rollup})
SELECT count(*)::int AS inserted FROM inserted`;
}

/** A cost as an exact decimal of whole nano-dollars, as core counts it. */
export function costText(costUsd: number | null): string | null {
  if (costUsd === null) return null;
  const nanos = BigInt(usdToNanos(costUsd));
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, "0");

  return `${nanos / 1_000_000_000n}.${fraction}`;
}

/** Drops repeated ids (the first wins, as a store that already holds it would) and sorts. */
export function uniqueById(records: readonly UsageRecord[]): UsageRecord[] {
  const seen = new Map<string, UsageRecord>();
  for (const record of records) if (!seen.has(record.id)) seen.set(record.id, record);

  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The fifteen array parameters of `buildInsertSql`. */
export function insertParams(records: readonly UsageRecord[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 15 }, () => new Array(records.length));
  records.forEach((r, i) => {
    const values = [
      r.id,
      r.providerId,
      r.modelName,
      r.promptTokens,
      r.completionTokens,
      r.totalTokens,
      r.cachedPromptTokens,
      r.cacheWriteTokens,
      r.reasoningTokens,
      r.timestamp,
      r.callType,
      r.userId,
      r.sessionId,
      r.customTags === null ? null : JSON.stringify(r.customTags),
      costText(r.costUsd),
    ];
    values.forEach((value, c) => {
      (columns[c] as unknown[])[i] = value;
    });
  });

  return columns;
}
