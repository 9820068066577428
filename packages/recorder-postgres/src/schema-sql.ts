import { quoteIdentifier } from "./identifiers.js";
import type { TableNames } from "./types.js";

/**
 * Columns of a record. Counts are bigint (sums of real traffic pass 2^31), cost is
 * numeric with nine decimals: core sums cost in whole nano-dollars, and so do we.
 */
const RECORD_COLUMNS = `
  id text NOT NULL,
  provider_id text NOT NULL,
  model_name text NOT NULL,
  prompt_tokens bigint,
  completion_tokens bigint,
  total_tokens bigint,
  cached_prompt_tokens bigint,
  cache_write_tokens bigint,
  reasoning_tokens bigint,
  ts timestamptz NOT NULL,
  call_type text,
  user_id text,
  session_id text,
  custom_tags jsonb,
  cost_usd numeric(38, 9)`;

/**
 * Per UTC day and model, the counters a summary needs; kept in the insert's statement.
 * Sums are numeric: many records near 2^53 tokens would overflow a bigint sum.
 */
const ROLLUP_COLUMNS = `
  day date NOT NULL,
  model_name text NOT NULL,
  count bigint NOT NULL,
  prompt_tokens numeric NOT NULL,
  completion_tokens numeric NOT NULL,
  total_tokens numeric NOT NULL,
  cached_prompt_tokens numeric NOT NULL,
  cache_write_tokens numeric NOT NULL,
  reasoning_tokens numeric NOT NULL,
  cost_usd numeric NOT NULL,
  unpriced_records bigint NOT NULL,
  unpriced_tokens numeric NOT NULL,
  first_ts timestamptz NOT NULL,
  last_ts timestamptz NOT NULL,
  PRIMARY KEY (day, model_name)`;

const USER_SUMMARY_COLUMNS =
  "model_name, prompt_tokens, completion_tokens, total_tokens, cached_prompt_tokens, " +
  "cache_write_tokens, reasoning_tokens, cost_usd";

/**
 * Indexes of the records table and what each one serves:
 * - `ts`: time-range filters (`since` / `until`) and bucketed scans of a period;
 * - `user_id, ts` and `session_id, ts`: one user's or session's summary, over a period;
 *   the user index carries every summed column, so a user's summary is an index-only
 *   scan that never reads the table;
 * - `model_name, ts`: model filters, and re-reading a day's first and last instant
 *   when `clearRecords` shrinks a rollup row;
 * - GIN `custom_tags jsonb_path_ops`: tag filters (`custom_tags @> '{"team":"a"}'`).
 */
export function indexStatements(names: TableNames): string[] {
  const index = (suffix: string): string => quoteIdentifier(`${names.table}_${suffix}`);

  return [
    `CREATE INDEX IF NOT EXISTS ${index("ts_idx")} ON ${names.records} (ts)`,
    `CREATE INDEX IF NOT EXISTS ${index("user_ts_idx")} ON ${names.records} (user_id, ts)
       INCLUDE (${USER_SUMMARY_COLUMNS})`,
    `CREATE INDEX IF NOT EXISTS ${index("session_ts_idx")} ON ${names.records} (session_id, ts)`,
    `CREATE INDEX IF NOT EXISTS ${index("model_ts_idx")} ON ${names.records} (model_name, ts)`,
    `CREATE INDEX IF NOT EXISTS ${index("tags_idx")} ON ${names.records}
       USING gin (custom_tags jsonb_path_ops)`,
  ];
}

/**
 * Version 1. A plain table keys records by id. A table partitioned by month cannot
 * have a unique index without the partition key, so its ids live in `<table>_ids`.
 */
export function createStatements(names: TableNames, partitionByMonth: boolean): string[] {
  const records = partitionByMonth
    ? `CREATE TABLE IF NOT EXISTS ${names.records} (${RECORD_COLUMNS}) PARTITION BY RANGE (ts)`
    : `CREATE TABLE IF NOT EXISTS ${names.records} (${RECORD_COLUMNS}, PRIMARY KEY (id))`;
  const ids = `CREATE TABLE IF NOT EXISTS ${names.ids} (id text PRIMARY KEY)`;

  return [
    records,
    ...(partitionByMonth ? [ids] : []),
    // Every batch updates its rollup rows: free space on each page lets those updates
    // stay on the page (HOT) and be pruned there, and a low vacuum threshold keeps a
    // small, hot table from bloating between autovacuum runs.
    `CREATE TABLE IF NOT EXISTS ${names.rollup} (${ROLLUP_COLUMNS}) WITH (fillfactor = 50,
       autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000)`,
    ...indexStatements(names),
  ];
}
