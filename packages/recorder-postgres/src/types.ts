import type { Logger } from "@genie/usage-core";
import type { Pool } from "pg";

/** What to do with a record when the buffer is full. */
export type OverflowPolicy = "block" | "drop";

export interface PostgresRecorderOptions {
  /** `postgres://user:password@host:port/db`; ignored when `pool` is given. */
  connectionString?: string;
  /** A pool the application owns; the recorder never ends it. */
  pool?: Pool;
  /** Schema of the tables. Default `public`. */
  schema?: string;
  /** Table of records. Default `genie_usage`; rollups live in `<table>_daily`. */
  table?: string;
  /** Records per insert statement. Default 1000. */
  batchSize?: number;
  /** Longest time a record waits in the buffer before a batch goes out. Default 200 ms. */
  flushIntervalMs?: number;
  /** Records held in memory while PostgreSQL is slow or down. Default 100,000. */
  maxBufferedRecords?: number;
  /** `block` the caller until there is room (default) or `drop` the record and count it. */
  overflow?: OverflowPolicy;
  /** Create or upgrade the tables at start-up. Default true; else call `migrate()`. */
  migrate?: boolean;
  /** Partition the records table by month (retention drops a partition). Default false. */
  partitionByMonth?: boolean;
  /** How long `flush()` and `close()` wait for a store that is down. Default 30,000 ms. */
  flushTimeoutMs?: number;
  /** Longest wait between two retries of a failed batch. Default 5,000 ms. */
  maxRetryDelayMs?: number;
  /** Batches written at once (each on its own connection). Default 2. */
  concurrency?: number;
  /** Connections of the pool the recorder creates. Default 4. */
  poolSize?: number;
  /** How long to wait for a connection (pool the recorder creates). Default 10,000 ms. */
  connectTimeoutMs?: number;
  /**
   * Longest time of one statement, read or write, on the pool the recorder creates
   * (client-side read timeout and server-side `statement_timeout`). Default 60,000 ms.
   */
  queryTimeoutMs?: number;
  logger?: Partial<Logger>;
}

/** Validated names of everything the recorder creates. */
export interface TableNames {
  readonly schema: string;
  readonly table: string;
  /** Quoted `"schema"."table"`. */
  readonly records: string;
  readonly rollup: string;
  readonly ids: string;
  readonly migrations: string;
}
