import type { NormalizedFilter, UsageRecord } from "@genie/usage-core";

/**
 * One line of the file. Records and clears share one append-only log, so
 * replaying it in order rebuilds exactly what was stored.
 */
export type JournalEntry =
  | { readonly op: "record"; readonly record: UsageRecord }
  | { readonly op: "clear"; readonly filter: NormalizedFilter | null };

export const JOURNAL_VERSION = 1;

/** A record or clear as one line of JSON (JSON escapes newlines in strings). */
export function encodeEntry(entry: JournalEntry): string {
  return `${JSON.stringify({ v: JOURNAL_VERSION, ...entry })}\n`;
}

/** Parses one line; throws with the reason when it is not an entry this version wrote. */
export function decodeEntry(line: string): JournalEntry {
  const parsed = JSON.parse(line) as Record<string, unknown>;
  if (parsed.v !== JOURNAL_VERSION) throw new Error(`unknown journal version ${String(parsed.v)}`);
  if (parsed.op === "record" && typeof parsed.record === "object" && parsed.record !== null) {
    return { op: "record", record: parsed.record as UsageRecord };
  }
  if (parsed.op === "clear") {
    return { op: "clear", filter: (parsed.filter ?? null) as NormalizedFilter | null };
  }
  throw new Error(`unknown journal entry ${JSON.stringify(parsed.op)}`);
}
