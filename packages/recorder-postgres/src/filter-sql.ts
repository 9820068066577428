import type { Dimension, NormalizedFilter } from "@genie/usage-core";
import { DIMENSIONS } from "@genie/usage-core";

/** Column of each dimension: fixed text, never built from input. */
export const DIMENSION_COLUMNS: Readonly<Record<Dimension, string>> = {
  providerId: "provider_id",
  modelName: "model_name",
  callType: "call_type",
  userId: "user_id",
  sessionId: "session_id",
};

/** Collects positional parameters; every value reaches SQL only through it. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);

    return `$${this.values.length}`;
  }
}

/** An instant parameter (epoch ms) as a timestamptz expression. */
export function instantSql(params: SqlParams, ms: number): string {
  return `(timestamptz 'epoch' + ${params.add(ms)}::float8 * interval '1 millisecond')`;
}

function dimensionSql(column: string, accepted: readonly (string | null)[], params: SqlParams) {
  const values = accepted.filter((v): v is string => v !== null);
  const parts: string[] = [];
  if (values.length === 1) parts.push(`${column} = ${params.add(values[0])}`);
  else if (values.length > 1) parts.push(`${column} = ANY(${params.add(values)}::text[])`);
  if (values.length < accepted.length) parts.push(`${column} IS NULL`);
  if (parts.length === 0) return "false";

  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" OR ")})`;
}

/**
 * The WHERE predicate of a validated filter (`true` when it filters nothing). Keys
 * are read from the contract's fixed list, so no other key can reach the SQL.
 */
export function filterSql(filter: NormalizedFilter | undefined, params: SqlParams): string {
  if (!filter) return "true";
  const parts: string[] = [];
  for (const key of DIMENSIONS) {
    const accepted = filter[key];
    if (accepted) parts.push(dimensionSql(DIMENSION_COLUMNS[key], accepted, params));
  }
  if (filter.tags && Object.keys(filter.tags).length > 0) {
    parts.push(`custom_tags @> ${params.add(JSON.stringify(filter.tags))}::jsonb`);
  }
  if (filter.since !== undefined) parts.push(`ts >= ${instantSql(params, filter.since)}`);
  if (filter.until !== undefined) parts.push(`ts < ${instantSql(params, filter.until)}`);

  return parts.length > 0 ? parts.join(" AND ") : "true";
}
