import { InvalidUsageRecordError, LIMITS } from "@genie/usage-core";
import { checkEarliest } from "./calendar.js";
import { parseJsonObject } from "./parse-json-line.js";
import type { LineParser, UsageRecordInput } from "./types.js";

/** JSON Lines of this project's records. `idSource` (from an export) is dropped. */
export const parseRecordLine: LineParser = (text) => {
  const object = parseJsonObject(text);
  if (!object) return undefined;
  const { idSource: _ignored, ...record } = object;

  return record as unknown as UsageRecordInput;
};

/** The Python original's field names (DESIGN §8). */
const PYTHON_FIELDS: Readonly<Record<string, keyof UsageRecordInput>> = {
  provider_id: "providerId",
  model_name: "modelName",
  prompt_tokens: "promptTokens",
  completion_tokens: "completionTokens",
  total_tokens: "totalTokens",
  cached_prompt_tokens: "cachedPromptTokens",
  cache_write_tokens: "cacheWriteTokens",
  reasoning_tokens: "reasoningTokens",
  timestamp: "timestamp",
  call_type: "callType",
  user_id: "userId",
  session_id: "sessionId",
  custom_tags: "customTags",
  cost_usd: "costUsd",
  id: "id",
};

/**
 * JSON Lines of the Python original's snake_case records. Its `timestamp` is
 * seconds (a float): converted to milliseconds. A value that already looks
 * like milliseconds is rejected rather than read as a date far in the future.
 */
export const parsePythonLine: LineParser = (text) => {
  const object = parseJsonObject(text);
  if (!object) return undefined;
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const field = PYTHON_FIELDS[key];
    if (!field) {
      throw new InvalidUsageRecordError(key, value, "is not a field of the Python record format");
    }
    record[field] = field === "timestamp" ? secondsToMs(value) : value;
  }

  return record as unknown as UsageRecordInput;
};

function secondsToMs(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidUsageRecordError("timestamp", value, "must be epoch seconds (a number)");
  }
  if (value >= LIMITS.minTimestampMs) {
    throw new InvalidUsageRecordError(
      "timestamp",
      value,
      "looks like milliseconds, but the Python format holds seconds; divide by 1000",
    );
  }

  const ms = Math.round(value * 1000);
  checkEarliest("timestamp", value, ms);

  return ms;
}
