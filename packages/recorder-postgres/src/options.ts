import type { Logger } from "@genie/usage-core";
import { InvalidConfigError, maskSecret, normalizeLogger } from "@genie/usage-core";
import type { Pool } from "pg";
import { resolveTableNames } from "./identifiers.js";
import type { OverflowPolicy, PostgresRecorderOptions, TableNames } from "./types.js";

export interface ResolvedOptions {
  readonly names: TableNames;
  readonly connectionString: string | undefined;
  readonly pool: Pool | undefined;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBufferedRecords: number;
  readonly overflow: OverflowPolicy;
  readonly migrate: boolean;
  readonly partitionByMonth: boolean;
  readonly flushTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  readonly concurrency: number;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly logger: Logger;
}

function positiveInteger(
  problems: string[],
  name: keyof PostgresRecorderOptions,
  value: unknown,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    problems.push(`postgres.${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }

  return value as number;
}

/** Every option key: a misspelt one is reported, never silently ignored. */
const KNOWN_OPTIONS: ReadonlySet<string> = new Set<keyof PostgresRecorderOptions>([
  "connectionString",
  "pool",
  "schema",
  "table",
  "batchSize",
  "flushIntervalMs",
  "maxBufferedRecords",
  "overflow",
  "migrate",
  "partitionByMonth",
  "flushTimeoutMs",
  "maxRetryDelayMs",
  "concurrency",
  "poolSize",
  "connectTimeoutMs",
  "queryTimeoutMs",
  "logger",
]);

/** Validates every option at once and reports all problems together. */
export function resolveOptions(options: PostgresRecorderOptions = {}): ResolvedOptions {
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      problems.push(
        `postgres.${key} is not an option; use one of ${[...KNOWN_OPTIONS].join(", ")}`,
      );
    }
  }
  const { connectionString, pool } = options;
  if (pool === undefined && (typeof connectionString !== "string" || connectionString === "")) {
    problems.push(
      "postgres.connectionString is required (or pass an existing pg.Pool as postgres.pool); " +
        "it can also come from GENIE_USAGE_POSTGRES_URL",
    );
  }
  if (options.overflow !== undefined && !["block", "drop"].includes(options.overflow)) {
    problems.push(`postgres.overflow must be "block" or "drop", got ${String(options.overflow)}`);
  }
  let names: TableNames | undefined;
  try {
    names = resolveTableNames(options.schema ?? "public", options.table ?? "genie_usage");
  } catch (error) {
    problems.push(...((error as InvalidConfigError).problems ?? []));
  }
  const resolved = {
    names: names as TableNames,
    connectionString,
    pool,
    batchSize: positiveInteger(problems, "batchSize", options.batchSize, 1000),
    flushIntervalMs: positiveInteger(problems, "flushIntervalMs", options.flushIntervalMs, 200),
    maxBufferedRecords: positiveInteger(
      problems,
      "maxBufferedRecords",
      options.maxBufferedRecords,
      100_000,
    ),
    overflow: options.overflow ?? "block",
    migrate: options.migrate ?? true,
    partitionByMonth: options.partitionByMonth ?? false,
    flushTimeoutMs: positiveInteger(problems, "flushTimeoutMs", options.flushTimeoutMs, 30_000),
    maxRetryDelayMs: positiveInteger(problems, "maxRetryDelayMs", options.maxRetryDelayMs, 5000),
    concurrency: positiveInteger(problems, "concurrency", options.concurrency, 2),
    poolSize: positiveInteger(problems, "poolSize", options.poolSize, 4),
    connectTimeoutMs: positiveInteger(
      problems,
      "connectTimeoutMs",
      options.connectTimeoutMs,
      10_000,
    ),
    queryTimeoutMs: positiveInteger(problems, "queryTimeoutMs", options.queryTimeoutMs, 60_000),
    logger: normalizeLogger(options.logger),
  };
  if (problems.length > 0) throw new InvalidConfigError(problems);

  return resolved;
}

/** Where the recorder writes, safe to print. */
export function describeTarget(options: ResolvedOptions): string {
  const where = options.connectionString ? maskSecret(options.connectionString) : "a given pool";

  return `${options.names.records} on ${where}`;
}
