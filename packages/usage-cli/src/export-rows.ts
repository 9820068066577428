import { once } from "node:events";
import type { Writable } from "node:stream";
import { USAGE_TOTALS_FIELDS, type UsageGroup, type UsageRecord } from "@genie/usage-core";

export type ExportFormat = "csv" | "jsonl";

/** Record columns, in the order of the record's fields (DESIGN §2). */
export const RECORD_COLUMNS = [
  "id",
  "timestamp",
  "providerId",
  "modelName",
  "promptTokens",
  "completionTokens",
  "totalTokens",
  "cachedPromptTokens",
  "cacheWriteTokens",
  "reasoningTokens",
  "callType",
  "userId",
  "sessionId",
  "customTags",
  "costUsd",
] as const;

// A spreadsheet runs a cell starting with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break.
 * A text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a `'`
 * before it, so a spreadsheet shows it instead of running it as a formula.
 * Numbers are written as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const raw = typeof value === "object" ? JSON.stringify(value) : String(value);
  const text = typeof value !== "number" && FORMULA_START.test(raw) ? `'${raw}` : raw;

  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(",")}\r\n`;

/** A record without the internal `idSource`, in column order. */
export function exportedRecord(record: UsageRecord): Record<string, unknown> {
  return Object.fromEntries(RECORD_COLUMNS.map((c) => [c, record[c]]));
}

/** Writes a line, waiting when the stream asks to (constant memory on a slow consumer). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/** Streams records as CSV (with a header) or JSON Lines; resolves to the count written. */
export async function writeRecords(
  records: AsyncIterable<UsageRecord>,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  let count = 0;
  if (format === "csv") await write(out, csvLine(RECORD_COLUMNS));
  for await (const record of records) {
    const row = exportedRecord(record);
    await write(
      out,
      format === "csv" ? csvLine(RECORD_COLUMNS.map((c) => row[c])) : `${JSON.stringify(row)}\n`,
    );
    count += 1;
  }

  return count;
}

/** Writes grouped summary rows: one column per groupBy key, then the counters. */
export async function writeGroups(
  groups: readonly UsageGroup[],
  keys: readonly string[],
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  if (format === "csv") await write(out, csvLine([...keys, ...USAGE_TOTALS_FIELDS]));
  for (const group of groups) {
    const row: Record<string, unknown> = {};
    for (const key of keys) row[key] = group.key[key] ?? null;
    for (const counter of USAGE_TOTALS_FIELDS) row[counter] = group[counter];
    await write(out, format === "csv" ? csvLine(Object.values(row)) : `${JSON.stringify(row)}\n`);
  }

  return groups.length;
}
