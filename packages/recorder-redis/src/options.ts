import { InvalidConfigError } from "@genie/usage-core";
import type { OverflowPolicy, RedisClient, RedisRecorderOptions } from "./types.js";

export interface ResolvedRedisOptions {
  readonly url: string;
  readonly clusterNodes: readonly string[] | null;
  readonly client: RedisClient | null;
  readonly prefix: string;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBufferedRecords: number;
  readonly overflow: OverflowPolicy;
  readonly maxInFlightBatches: number;
  readonly flushTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly maxRetryDelayMs: number;
  readonly scanChunkSize: number;
  readonly retentionDays: number | null;
  readonly retentionIntervalMs: number;
}

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const DEFAULT_PREFIX = "genie-usage";

// Braces would break the hash tag; glob characters and spaces have no place in a key prefix.
const PREFIX_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  "url",
  "clusterNodes",
  "client",
  "prefix",
  "batchSize",
  "flushIntervalMs",
  "maxBufferedRecords",
  "overflow",
  "maxInFlightBatches",
  "flushTimeoutMs",
  "commandTimeoutMs",
  "maxRetryDelayMs",
  "scanChunkSize",
  "retentionDays",
  "retentionIntervalMs",
]);

function integerOption(
  options: RedisRecorderOptions,
  name: keyof RedisRecorderOptions,
  fallback: number,
  range: readonly [number, number],
  problems: string[],
): number {
  const value = options[name] ?? fallback;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < range[0] ||
    value > range[1]
  ) {
    problems.push(`redis option ${name} must be an integer from ${range[0]} to ${range[1]}.`);
    return fallback;
  }

  return value;
}

function checkConnection(options: RedisRecorderOptions, problems: string[]): void {
  const given = ["url", "clusterNodes", "client"].filter(
    (k) => options[k as keyof RedisRecorderOptions] !== undefined,
  );
  if (given.length > 1) problems.push(`redis options ${given.join(" and ")} exclude each other.`);
  if (options.client !== undefined && options.commandTimeoutMs !== undefined) {
    problems.push(
      "redis option commandTimeoutMs applies to a client the recorder opens; " +
        "set ioredis's commandTimeout on the given client instead.",
    );
  }
  if (options.url !== undefined && (typeof options.url !== "string" || options.url === "")) {
    problems.push("redis option url must be a redis:// or rediss:// URL.");
  }
  const nodes = options.clusterNodes;
  if (
    nodes !== undefined &&
    (!Array.isArray(nodes) || nodes.length === 0 || nodes.some((n) => typeof n !== "string"))
  ) {
    problems.push("redis option clusterNodes must be a non-empty array of redis:// URLs.");
  }
  const client = options.client;
  if (client !== undefined && typeof client?.evalsha !== "function") {
    problems.push("redis option client must be an ioredis Redis or Cluster instance.");
  } else if (client?.options?.keyPrefix) {
    // Scripts build some key names themselves; a client-side prefix would miss them.
    problems.push(
      "redis option client has ioredis keyPrefix set; give the recorder a client without it " +
        "and use the recorder's prefix option instead.",
    );
  }
}

/** Validates every option at once; throws InvalidConfigError listing each problem. */
export function resolveOptions(options: RedisRecorderOptions = {}): ResolvedRedisOptions {
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) problems.push(`"${key}" is not an option of the redis recorder.`);
  }
  checkConnection(options, problems);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== "string" || !PREFIX_PATTERN.test(prefix)) {
    problems.push(
      `redis option prefix ${JSON.stringify(prefix)} must be 1-64 characters of A-Z a-z 0-9 . _ - :`,
    );
  }
  const overflow = options.overflow ?? "block";
  if (overflow !== "block" && overflow !== "drop") {
    problems.push('redis option overflow must be "block" or "drop".');
  }
  const retentionDays = options.retentionDays ?? null;
  if (retentionDays !== null && (typeof retentionDays !== "number" || !(retentionDays > 0))) {
    problems.push("redis option retentionDays must be a positive number of days, or null.");
  }
  const int = (name: keyof RedisRecorderOptions, fallback: number, max: number, min = 1) =>
    integerOption(options, name, fallback, [min, max], problems);
  const resolved: ResolvedRedisOptions = {
    url: options.url ?? DEFAULT_REDIS_URL,
    clusterNodes: options.clusterNodes ? [...options.clusterNodes] : null,
    client: options.client ?? null,
    prefix,
    batchSize: int("batchSize", 500, 5_000),
    flushIntervalMs: int("flushIntervalMs", 50, 60_000, 0),
    maxBufferedRecords: int("maxBufferedRecords", 100_000, 100_000_000),
    overflow,
    maxInFlightBatches: int("maxInFlightBatches", 4, 64),
    flushTimeoutMs: int("flushTimeoutMs", 30_000, 86_400_000, 0),
    commandTimeoutMs: int("commandTimeoutMs", 10_000, 3_600_000, 10),
    maxRetryDelayMs: int("maxRetryDelayMs", 2_000, 600_000, 10),
    scanChunkSize: int("scanChunkSize", 1_000, 100_000, 10),
    retentionDays,
    retentionIntervalMs: int("retentionIntervalMs", 3_600_000, 2_147_483_647, 1_000),
  };
  if (problems.length > 0) throw new InvalidConfigError(problems);

  return resolved;
}
