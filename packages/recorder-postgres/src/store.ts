import type {
  NormalizedFilter,
  NormalizedQuery,
  UsageRecord,
  UsageSummary,
} from "@genie/usage-core";
import type { Pool } from "pg";
import { buildClearSql } from "./clear-sql.js";
import { buildInsertSql, insertParams, uniqueById } from "./insert-sql.js";
import { MonthlyPartitions } from "./partitions.js";
import { rollupRepairStatements } from "./rollup-sql.js";
import { type SummaryRow, summaryFromRows } from "./summary-rows.js";
import { buildSummarySql } from "./summary-sql.js";
import type { TableNames } from "./types.js";

/** The SQL side of the recorder: one method per operation, no buffering. */
export class PostgresStore {
  private readonly insertSql: string;
  private readonly partitions: MonthlyPartitions | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly names: TableNames,
    private readonly partitioned: boolean,
  ) {
    this.insertSql = buildInsertSql(names, partitioned);
    this.partitions = partitioned ? new MonthlyPartitions(names) : undefined;
  }

  /** Stores a batch; returns how many rows were new (repeated ids add nothing). */
  async insert(records: readonly UsageRecord[]): Promise<number> {
    const unique = uniqueById(records);
    if (unique.length === 0) return 0;
    const client = await this.pool.connect();
    try {
      await this.partitions?.ensure(
        client,
        unique.map((r) => r.timestamp),
      );
      const result = await client.query<{ inserted: number }>(this.insertSql, insertParams(unique));

      client.release();

      return result.rows[0]?.inserted ?? 0;
    } catch (error) {
      // A connection that failed mid-statement is not given back to the pool.
      client.release(true);
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
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
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

      client.release();

      return row?.deleted ?? 0;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      client.release(true);
      throw error;
    }
  }

  /** Whether the records table is partitioned (decides the insert and clear SQL). */
  static async isPartitioned(pool: Pool, names: TableNames): Promise<boolean> {
    const result = await pool.query<{ relkind: string }>(
      `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2`,
      [names.schema, names.table],
    );

    return result.rows[0]?.relkind === "p";
  }
}
