import type { Pool, PoolClient } from "pg";
import { quoteIdentifier } from "./identifiers.js";
import { createStatements } from "./schema-sql.js";
import type { TableNames } from "./types.js";

/** The newest schema version this package writes. */
export const SCHEMA_VERSION = 1;

/** Same lock for every table of a schema: `CREATE SCHEMA` itself must not race. */
const LOCK_NAMESPACE = "genie-usage-migrate";

export interface MigrateOptions {
  readonly partitionByMonth: boolean;
}

function migrationsFor(names: TableNames, options: MigrateOptions): string[][] {
  return [createStatements(names, options.partitionByMonth)];
}

async function appliedVersion(client: PoolClient, names: TableNames): Promise<number> {
  const result = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${names.migrations}`,
  );

  return result.rows[0]?.version ?? 0;
}

/**
 * Creates or upgrades the tables. Serialised by a transaction-level advisory lock,
 * so many processes starting at once run each migration exactly once.
 */
export async function runMigrations(
  pool: Pool,
  names: TableNames,
  options: MigrateOptions,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [
      LOCK_NAMESPACE,
      names.schema,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(names.schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.migrations} (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const from = await appliedVersion(client, names);
    const migrations = migrationsFor(names, options);
    for (let version = from + 1; version <= migrations.length; version++) {
      for (const statement of migrations[version - 1] ?? []) await client.query(statement);
      await client.query(`INSERT INTO ${names.migrations} (version) VALUES ($1)`, [version]);
    }
    await client.query("COMMIT");

    return migrations.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
