import { InvalidConfigError } from "@genie/usage-core";
import type { TableNames } from "./types.js";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Longest table name: PostgreSQL keeps 63 bytes and we append suffixes of up to 15. */
export const MAX_TABLE_LENGTH = 48;

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function problemOf(option: string, value: unknown, maxLength: number): string | undefined {
  if (typeof value !== "string" || !IDENTIFIER.test(value)) {
    return (
      `${option} must be a plain SQL identifier (letters, digits, underscore; not starting ` +
      `with a digit), got ${JSON.stringify(value)}`
    );
  }
  if (value.length > maxLength) {
    return `${option} must be at most ${maxLength} characters, got ${value.length}`;
  }

  return undefined;
}

/** Validates schema and table once, at start-up, and builds every quoted name. */
export function resolveTableNames(schema: unknown, table: unknown): TableNames {
  const problems = [
    problemOf("postgres.schema", schema, 63),
    problemOf("postgres.table", table, MAX_TABLE_LENGTH),
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new InvalidConfigError(problems);
  const s = schema as string;
  const t = table as string;
  const qualified = (name: string): string => `${quoteIdentifier(s)}.${quoteIdentifier(name)}`;

  return {
    schema: s,
    table: t,
    records: qualified(t),
    rollup: qualified(`${t}_daily`),
    ids: qualified(`${t}_ids`),
    migrations: qualified(`${t}_migrations`),
  };
}
