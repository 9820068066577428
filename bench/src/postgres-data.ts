// Data for the postgres benchmark: record inputs for ingest, CSV for the COPY
// ceiling, and bulk generation of millions of rows inside PostgreSQL.
import type { UsageRecordInput } from "@genie/usage-core";
import type pg from "pg";

const MODELS = Array.from({ length: 12 }, (_, i) => `model-${i}`);
const PROVIDERS = ["openai", "anthropic", "google", "ollama"];
export const USERS = 10_000;
const START = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 86_400_000;

/** Deterministic inputs spread over a year, 10,000 users, 12 models. */
export function ingestInputs(count: number, seed: number): UsageRecordInput[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const at = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

  return Array.from({ length: count }, () => {
    const prompt = Math.floor(next() * 4000);
    const completion = Math.floor(next() * 1000);
    return {
      providerId: at(PROVIDERS),
      modelName: at(MODELS),
      promptTokens: prompt,
      completionTokens: completion,
      cachedPromptTokens: Math.floor(prompt / 4),
      timestamp: START + Math.floor(next() * YEAR_MS),
      callType: "chat",
      userId: `user-${Math.floor(next() * USERS)}`,
      sessionId: `session-${Math.floor(next() * 100_000)}`,
      customTags: { team: `team-${Math.floor(next() * 10)}` },
      costUsd: Math.floor(next() * 100_000) / 10_000_000,
    };
  });
}

const csvText = (value: string): string => `"${value.replaceAll('"', '""')}"`;

/** One CSV line per input, in the records table's column order. */
export function csvLine(input: UsageRecordInput, id: string): string {
  const iso = new Date(input.timestamp as number).toISOString();
  const total = (input.promptTokens ?? 0) + (input.completionTokens ?? 0);
  const cells = [
    id,
    input.providerId,
    input.modelName,
    input.promptTokens,
    input.completionTokens,
    total,
    input.cachedPromptTokens,
    "",
    "",
    iso,
    input.callType,
    input.userId,
    input.sessionId,
    csvText(JSON.stringify(input.customTags)),
    (input.costUsd as number).toFixed(9),
  ];

  return `${cells.join(",")}\n`;
}

/**
 * Inserts rows `from`..`to` generated in SQL, and adds exactly those rows to the
 * daily rollups in the same statement, as the recorder does for its batches.
 */
export async function generateRows(
  client: pg.PoolClient,
  schema: string,
  from: number,
  to: number,
) {
  const t = `"${schema}".genie_usage`;
  await client.query(
    `WITH inserted AS (
       INSERT INTO ${t} (id, provider_id, model_name, prompt_tokens, completion_tokens,
         total_tokens, cached_prompt_tokens, ts, call_type, user_id, session_id,
         custom_tags, cost_usd)
       SELECT 'g' || g, (ARRAY['openai','anthropic','google','ollama'])[1 + g % 4],
         'model-' || (g * 7 % 12), p, c, p + c, p / 4,
         timestamptz '2025-01-01 00:00Z' + (g * 7919 % 31536000) * interval '1 second',
         'chat', 'user-' || (g * 104729 % ${USERS}), 'session-' || (g * 15485863 % 100000),
         jsonb_build_object('team', 'team-' || (g % 10)), (g % 100000) / 10000000.0
       FROM generate_series($1::bigint, $2::bigint) AS g,
            LATERAL (SELECT (g * 2654435761 % 4000) AS p, (g * 40503 % 1000) AS c) AS n
       RETURNING model_name, ts, prompt_tokens, completion_tokens, total_tokens,
         cached_prompt_tokens, cache_write_tokens, reasoning_tokens, cost_usd)
     INSERT INTO "${schema}".genie_usage_daily AS r
     SELECT (ts AT TIME ZONE 'UTC')::date, model_name, count(*), sum(prompt_tokens),
       sum(completion_tokens), sum(total_tokens), sum(cached_prompt_tokens), 0, 0,
       sum(cost_usd), 0, 0, min(ts), max(ts)
     FROM inserted GROUP BY 1, 2 ORDER BY 1, 2
     ON CONFLICT (day, model_name) DO UPDATE SET
       count = r.count + excluded.count,
       prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
       completion_tokens = r.completion_tokens + excluded.completion_tokens,
       total_tokens = r.total_tokens + excluded.total_tokens,
       cached_prompt_tokens = r.cached_prompt_tokens + excluded.cached_prompt_tokens,
       cost_usd = r.cost_usd + excluded.cost_usd,
       first_ts = least(r.first_ts, excluded.first_ts),
       last_ts = greatest(r.last_ts, excluded.last_ts)`,
    [from, to],
  );
}

const CHUNK = 250_000;

/**
 * Loads rows `from`..`to` in chunks without the secondary indexes, then builds them
 * again exactly as migrate made them, and vacuums (as autovacuum would) so the
 * visibility map allows index-only scans.
 */
export async function bulkLoad(pool: pg.Pool, schema: string, from: number, to: number) {
  const client = await pool.connect();
  try {
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes
       WHERE schemaname = $1 AND tablename = 'genie_usage' AND indexname NOT LIKE '%pkey'`,
      [schema],
    );
    for (const index of indexes.rows) {
      await client.query(`DROP INDEX "${schema}"."${index.indexname}"`);
    }
    for (let first = from; first <= to; first += CHUNK) {
      await generateRows(client, schema, first, Math.min(to, first + CHUNK - 1));
    }
    for (const index of indexes.rows) await client.query(index.indexdef);
    await client.query(`VACUUM ANALYZE "${schema}".genie_usage`);
  } finally {
    client.release();
  }
}
