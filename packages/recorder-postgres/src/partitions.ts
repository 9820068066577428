import type { PoolClient } from "pg";
import { quoteIdentifier } from "./identifiers.js";
import type { TableNames } from "./types.js";

/** `YYYYMM` of the UTC month holding `ms` (years past 9999 give more digits). */
export function monthOf(ms: number): number {
  const date = new Date(ms);

  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1;
}

/**
 * The first instant of a month as a PostgreSQL literal, from integers only: a JS
 * `Date` cannot hold the month after core's last instant, and `toISOString` writes
 * years past 9999 as `+010000`, which PostgreSQL rejects.
 */
export function monthStart(month: number): string {
  const year = Math.floor(month / 100);
  const mm = String(month % 100).padStart(2, "0");

  return `${String(year).padStart(4, "0")}-${mm}-01 00:00:00+00`;
}

export function nextMonth(month: number): number {
  return month % 100 === 12 ? (Math.floor(month / 100) + 1) * 100 + 1 : month + 1;
}

/** Creates the monthly partitions a batch needs, once per process and month. */
export class MonthlyPartitions {
  private readonly known = new Set<number>();

  constructor(private readonly names: TableNames) {}

  /** The statement creating one month's partition (`<table>_pYYYYMM`). */
  statementFor(month: number): string {
    const partition = `${quoteIdentifier(this.names.schema)}.${quoteIdentifier(
      `${this.names.table}_p${month}`,
    )}`;

    return `CREATE TABLE IF NOT EXISTS ${partition} PARTITION OF ${this.names.records}
      FOR VALUES FROM ('${monthStart(month)}') TO ('${monthStart(nextMonth(month))}')`;
  }

  /** Forgets which months exist, so the next batch checks again. */
  forget(): void {
    this.known.clear();
  }

  async ensure(client: PoolClient, timestamps: readonly number[]): Promise<void> {
    const missing = [...new Set(timestamps.map(monthOf))].filter((m) => !this.known.has(m));
    if (missing.length === 0) return;
    await client.query("BEGIN");
    try {
      // Serialise creators: two CREATE ... IF NOT EXISTS of one name can still collide.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [this.names.records]);
      for (const month of missing.sort()) await client.query(this.statementFor(month));
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
    for (const month of missing) this.known.add(month);
  }
}
