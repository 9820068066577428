import type {
  NormalizedFilter,
  NormalizedQuery,
  UsageRecord,
  UsageSummary,
} from "@genie/usage-core";
import type { Pool, PoolClient } from "pg";
import { buildClearSql } from "./clear-sql.js";
import { buildInsertSql, insertParams, uniqueById } from "./insert-sql.js";
import { MonthlyPartitions } from "./partitions.js";
import { rollupRepairStatements } from "./rollup-sql.js";
import { type SummaryRow, summaryFromRows } from "./summary-rows.js";
import { buildSummarySql } from "./summary-sql.js";
import type { TableNames } from "./types.js";

/** The SQL side of the recorder: one method per operation, no buffering. */
export class PostgresStore {
  private insertSql = "";
  private partitions: MonthlyPartitions | undefined;
  private partitioned = false;

  constructor(
    private readonly pool: Pool,
    private readonly names: TableNames,
    partitioned: boolean,
  ) {
    this.use(partitioned);
  }

  private use(partitioned: boolean): void {
    this.partitioned = partitioned;
    this.insertSql = buildInsertSql(this.names, partitioned);
    this.partitions = partitioned ? new MonthlyPartitions(this.names) : undefined;
  }

  /** Reads again whether the table is partitioned (after `migrate()` created it). */
  async refresh(): Promise<void> {
    this.use(await PostgresStore.isPartitioned(this.pool, this.names));
  }

  /**
   * Runs `work` on a client of its own. A server that goes away can make a checked-out
   * client emit "error" between statements, and a discarded one after: a listener
   * keeps that from crashing the process. A client that failed is not reused.
   */
  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const ignore = (): void => {};
    client.on("error", ignore);
    try {
      const result = await work(client);
      client.off("error", ignore);
      client.release();

      return result;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  /** Stores a batch; returns how many rows were new (repeated ids add nothing). */
  async insert(records: readonly UsageRecord[]): Promise<number> {
    const unique = uniqueById(records);
    if (unique.length === 0) return 0;
    try {
      return await this.withClient(async (client) => {
        await this.partitions?.ensure(
          client,
          unique.map((r) => r.timestamp),
        );
        const result = await client.query<{ inserted: number }>(
          this.insertSql,
          insertParams(unique),
        );

        return result.rows[0]?.inserted ?? 0;
      });
    } catch (error) {
      // No partition for a row: one was dropped (retention) since this process made it.
      // The retry of the batch creates it again.
      if ((error as { code?: string }).code === "23514") this.partitions?.forget();
      throw error;
    }
  }

  async summary(query: NormalizedQuery): Promise<UsageSummary> {
    const plan = buildSummarySql(this.names, query);
    const result = await this.pool.query<SummaryRow>(plan.sql, plan.params);

    return summaryFromRows(result.rows, plan, query);
  }

  /**
   * Deletes and keeps the rollups exact in one transaction. The rollup table lock
   * waits for writers in flight and holds new ones back until the commit.
   */
  async clear(filter: NormalizedFilter | undefined): Promise<number> {
    const plan = buildClearSql(this.names, filter, this.partitioned);

    return this.withClient(async (client) => {
      await client.query("BEGIN");
      try {
        await client.query(`LOCK TABLE ${this.names.rollup} IN SHARE ROW EXCLUSIVE MODE`);
        const result = await client.query<{ deleted: number; days: string[]; models: string[] }>(
          plan.sql,
          plan.params,
        );
        const row = result.rows[0];
        if (row && row.days.length > 0) {
          for (const statement of rollupRepairStatements(this.names)) {
            await client.query(statement, [row.days, row.models]);
          }
        }
        await client.query("COMMIT");

        return row?.deleted ?? 0;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    });
  }

  /** Whether the records table is partitioned (decides the insert and clear SQL). */
  static async isPartitioned(pool: Pool, names: TableNames): Promise<boolean> {
    return (await PostgresStore.tableKind(pool, names)) === "partitioned";
  }

  /** What the records table is, if it exists. */
  static async tableKind(
    pool: Pool,
    names: TableNames,
  ): Promise<"partitioned" | "plain" | undefined> {
    const result = await pool.query<{ relkind: string }>(
      `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2`,
      [names.schema, names.table],
    );
    const kind = result.rows[0]?.relkind;
    if (kind === undefined) return undefined;

    return kind === "p" ? "partitioned" : "plain";
  }
}
