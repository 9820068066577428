import type {
  NormalizedFilter,
  NormalizedQuery,
  RecorderStats,
  UsageRecord,
  UsageRecorder,
  UsageSummary,
} from "@genie/usage-core";
import {
  InvalidQueryError,
  RecorderClosedError,
  RecorderFailedError,
  revalidateFilter,
  revalidateQuery,
} from "@genie/usage-core";
import pg from "pg";
import { BatchWriter } from "./batch-writer.js";
import { closeWithin } from "./close.js";
import { listRecords } from "./list-records.js";
import { runMigrations } from "./migrate.js";
import { describeTarget, type ResolvedOptions, resolveOptions } from "./options.js";
import { PostgresStore } from "./store.js";
import type { PostgresRecorderOptions } from "./types.js";

export interface PostgresRecorder extends UsageRecorder {
  recordBatch(records: readonly UsageRecord[]): Promise<void>;
  listRecords(filter: NormalizedFilter | undefined): AsyncIterable<UsageRecord>;
  stats(): Required<RecorderStats>;
  /** Creates or upgrades the tables (what start-up does unless `migrate: false`). */
  migrate(): Promise<void>;
}

function poolFor(options: ResolvedOptions): { pool: pg.Pool; owned: boolean } {
  if (options.pool) return { pool: options.pool, owned: false };
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    // A server that hangs (rather than refusing) must not hold a write, a read or
    // close() forever.
    connectionTimeoutMillis: options.connectTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    statement_timeout: options.queryTimeoutMs,
  });
  // A connection dropped by a restarting server must not crash the process, whether
  // it sits idle in the pool or is checked out between two statements.
  pool.on("error", (error) => {
    options.logger.warn("postgres recorder lost an idle connection", { error: error.message });
  });
  pool.on("connect", (client) => client.on("error", () => {}));

  return { pool, owned: true };
}

/** Creates or upgrades the recorder's tables, for applications that start with `migrate: false`. */
export async function migrate(options: PostgresRecorderOptions): Promise<void> {
  const resolved = resolveOptions(options);
  const { pool, owned } = poolFor(resolved);
  try {
    await runMigrations(pool, resolved.names, resolved);
  } catch (error) {
    throw new RecorderFailedError("postgres", `migrate ${describeTarget(resolved)}`, error);
  } finally {
    if (owned) await pool.end();
  }
}

/** A recorder that writes usage records to PostgreSQL in batches. */
export async function createPostgresRecorder(
  options: PostgresRecorderOptions,
  recorderId = "postgres",
): Promise<PostgresRecorder> {
  const resolved = resolveOptions(options);
  const { names, logger } = resolved;
  const { pool, owned } = poolFor(resolved);
  let store: PostgresStore;
  try {
    if (resolved.migrate) await runMigrations(pool, names, resolved);
    const kind = await PostgresStore.tableKind(pool, names);
    if (resolved.partitionByMonth && kind === "plain") {
      logger.warn(
        "postgres recorder: partitionByMonth is set but the records table exists unpartitioned; " +
          "writing to it as it is (partitioning an existing table is a manual migration)",
        { target: describeTarget(resolved) },
      );
    }
    store = new PostgresStore(pool, names, kind === "partitioned");
  } catch (error) {
    if (owned) await pool.end().catch(() => {});
    throw new RecorderFailedError(recorderId, `start on ${describeTarget(resolved)}`, error);
  }
  logger.debug("postgres recorder ready", { target: describeTarget(resolved) });
  const writer = new BatchWriter({
    ...resolved,
    recorderId,
    write: (batch) => store.insert(batch).then(() => undefined),
  });
  let closed = false;
  const open = (): void => {
    if (closed) throw new RecorderClosedError(`Recorder "${recorderId}"`);
  };
  const failed = (operation: string, error: unknown): RecorderFailedError =>
    new RecorderFailedError(recorderId, operation, error);

  return {
    async recordUsage(record: UsageRecord): Promise<void> {
      open();
      await writer.add([record]);
    },
    async recordBatch(records: readonly UsageRecord[]): Promise<void> {
      open();
      await writer.add(records, true);
    },
    async getSummary(query: NormalizedQuery): Promise<UsageSummary> {
      open();
      // Read your writes: what was accepted before the call is in the summary.
      const valid = revalidateQuery(query);
      await writer.flush(false);
      return store.summary(valid).catch((error) =>
        // A query the store cannot answer (too many groupBy keys) is the caller's to fix.
        Promise.reject(error instanceof InvalidQueryError ? error : failed("summarize", error)),
      );
    },
    async clearRecords(filter: NormalizedFilter | undefined): Promise<number> {
      open();
      const valid = revalidateFilter(filter) ?? {};
      await writer.flush(false);
      return store.clear(valid).catch((error) => Promise.reject(failed("clear records", error)));
    },
    async *listRecords(filter: NormalizedFilter | undefined): AsyncIterable<UsageRecord> {
      open();
      const valid = revalidateFilter(filter) ?? {};
      await writer.flush(false);
      yield* listRecords(pool, names, valid);
    },
    flush: () => writer.flush(),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await closeWithin(writer, owned ? pool : undefined, resolved.flushTimeoutMs, recorderId);
    },
    stats: () => writer.stats(),
    async migrate(): Promise<void> {
      try {
        await runMigrations(pool, names, resolved);
        await store.refresh();
      } catch (error) {
        throw failed("migrate", error);
      }
    },
  };
}
