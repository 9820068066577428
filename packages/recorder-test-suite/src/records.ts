import { type UsageRecord, type UsageRecordInput, validateUsageRecord } from "@genie/usage-core";

/** Monday 2024-01-15 12:00 UTC: the default timestamp of the suite's records. */
export const BASE_TIME = Date.UTC(2024, 0, 15, 12);

/** A record as the facade would stamp it, with the suite's defaults. */
export function makeRecord(input: Partial<UsageRecordInput> = {}): UsageRecord {
  return validateUsageRecord({
    providerId: "openai",
    modelName: "gpt-4o",
    timestamp: BASE_TIME,
    ...input,
  });
}

export function makeRecords(inputs: readonly Partial<UsageRecordInput>[]): UsageRecord[] {
  return inputs.map(makeRecord);
}

/**
 * Strings that break naive stores: key separators, glob and LIKE wildcards,
 * regex and JSON specials, quotes, whitespace, non-BMP characters.
 */
export const AWKWARD_STRINGS: readonly string[] = [
  "a",
  "a:b",
  "a:b:c",
  "b:c",
  "team*",
  "team-a",
  "team",
  "*",
  "?",
  "team?",
  "[x]",
  "x",
  "{y}",
  "{",
  "}",
  "100%",
  "100",
  "%",
  "_",
  "a_b",
  "aXb",
  "'single'",
  '"double"',
  "back\\slash",
  "\\",
  "with space",
  " leading",
  "new\nline",
  "tab\there",
  "emoji 🚀",
  "🚀",
  "ümlaut",
  "null",
  "__proto__",
  "constructor",
  "\u0024{x}",
  "a|b",
  "a.b",
  "^$",
];
