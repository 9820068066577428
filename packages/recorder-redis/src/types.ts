import type { Cluster, Redis } from "ioredis";

/** A connected ioredis client: a single server or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** What to do with a record when the in-process buffer is full. */
export type OverflowPolicy = "block" | "drop";

/** Options of `createRedisRecorder` and of the `redis` plugin. */
export interface RedisRecorderOptions {
  /** Server URL, e.g. `redis://:password@127.0.0.1:6379/0`. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Seed URLs of a Redis Cluster; the recorder creates an ioredis `Cluster` from them. */
  clusterNodes?: readonly string[];
  /** An existing ioredis client or cluster. It is used as it is and never closed by the recorder. */
  client?: RedisClient;
  /**
   * Namespace of every key, also used as the hash tag: keys read `{prefix}:...`.
   * 1-64 characters of `A-Z a-z 0-9 . _ - :`. Default `genie-usage`.
   */
  prefix?: string;
  /** Records per write (one server-side script run). Default 500. */
  batchSize?: number;
  /** How long a partial batch waits before it is written. Default 50 ms. */
  flushIntervalMs?: number;
  /** Records held in process (buffered and in flight) before `overflow` applies. Default 100,000. */
  maxBufferedRecords?: number;
  /** `block` makes `recordUsage` wait for room; `drop` counts, logs and discards. Default `block`. */
  overflow?: OverflowPolicy;
  /** Batches written at once, pipelined on the connection. Default 4. */
  maxInFlightBatches?: number;
  /** How long `flush()` and `close()` wait for an unreachable server. Default 30,000 ms. */
  flushTimeoutMs?: number;
  /**
   * How long one command may wait for the server's reply before it fails (and a
   * write is retried), on a client the recorder opens. A given `client` keeps its
   * own settings. Default 10,000 ms.
   */
  commandTimeoutMs?: number;
  /** Delay cap of the exponential backoff between retries. Default 2,000 ms. */
  maxRetryDelayMs?: number;
  /** Records examined per server-side step of a scan (filtered summaries, clears). Default 1,000. */
  scanChunkSize?: number;
  /** Remove records (and their counters) older than this many days. Default: keep forever. */
  retentionDays?: number | null;
  /** How often retention runs, besides once at start-up. Default 3,600,000 ms (hourly). */
  retentionIntervalMs?: number;
}
