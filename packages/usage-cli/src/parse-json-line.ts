import { GenieUsageError, InvalidUsageRecordError } from "@genie/usage-core";

/** Parses one JSON Lines line into an object; blank lines give undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GenieUsageError("INVALID_USAGE_RECORD", `not valid JSON (${detail})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidUsageRecordError("line", value, "must be a JSON object");
  }

  return value as Record<string, unknown>;
}
