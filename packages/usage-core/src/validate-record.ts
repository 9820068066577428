import { randomBytes } from "node:crypto";
import { InvalidUsageRecordError, messageOf } from "./errors.js";
import { FORBIDDEN_TAG_KEYS, LIMITS } from "./limits.js";
import type { UsageRecord, UsageRecordInput, UsageTags } from "./types.js";

/** The record's token counts. */
export const COUNT_FIELDS = [
  "promptTokens",
  "completionTokens",
  "totalTokens",
  "cachedPromptTokens",
  "cacheWriteTokens",
  "reasoningTokens",
] as const;

const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  ...COUNT_FIELDS,
  "providerId",
  "modelName",
  "timestamp",
  "callType",
  "userId",
  "sessionId",
  "customTags",
  "costUsd",
  "id",
]);

/** Same answer as KNOWN_FIELDS.has, a few times faster on the per-record path. */
function isKnownField(key: string): boolean {
  switch (key) {
    case "providerId":
    case "modelName":
    case "promptTokens":
    case "completionTokens":
    case "totalTokens":
    case "cachedPromptTokens":
    case "cacheWriteTokens":
    case "reasoningTokens":
    case "timestamp":
    case "callType":
    case "userId":
    case "sessionId":
    case "customTags":
    case "costUsd":
    case "id":
      return true;
    default:
      return false;
  }
}

// Random per process, then a counter: unique without a syscall per record.
const ID_PREFIX = `u${randomBytes(9).toString("base64url")}.`;
let idCounter = 0;

// The counter's last two base-36 digits come from a table and the rest from a
// prefix rebuilt once per 1,296 ids: the same text as toString(36), made faster.
const LOW_DIGITS = 36 * 36;
const LOW_PADDED = Array.from({ length: LOW_DIGITS }, (_, n) => n.toString(36).padStart(2, "0"));
let highPrefix = ID_PREFIX;
let highPart = 0;

let lastGenerated = "";

/** A fresh record id, unique across processes (72 random bits per process). */
export function generateRecordId(): string {
  idCounter += 1;
  if (idCounter < LOW_DIGITS) lastGenerated = ID_PREFIX + idCounter.toString(36);
  else {
    const high = Math.floor(idCounter / LOW_DIGITS);
    if (high !== highPart) {
      highPart = high;
      highPrefix = ID_PREFIX + high.toString(36);
    }
    lastGenerated = highPrefix + (LOW_PADDED[idCounter - high * LOW_DIGITS] as string);
  }

  return lastGenerated;
}

/** The prefix every id generated in this process starts with. */
export const GENERATED_ID_PREFIX: string = ID_PREFIX;

/**
 * The counter of the id generated last, when `id` is that very string, else -1.
 * A recorder that keeps ids compactly (prefix + counter) learns the counter
 * without reading the string's characters.
 */
export function lastGeneratedIdCounter(id: string): number {
  return id === lastGenerated ? idCounter : -1;
}

/**
 * Validates a caller's record and returns the stamped record every recorder
 * receives. Throws InvalidUsageRecordError naming the first bad field. `now`
 * stamps a record without a timestamp (default: the clock, read then).
 */
export function validateUsageRecord(input: UsageRecordInput, now?: number): UsageRecord {
  try {
    return readRecord(input, now);
  } catch (error) {
    if (error instanceof InvalidUsageRecordError) throw error;
    // A getter or Proxy trap that throws, a BigInt that cannot be shown, ...
    throw new InvalidUsageRecordError(
      "record",
      "(unreadable)",
      `could not be read: ${messageOf(error)}`,
    );
  }
}

function readRecord(input: UsageRecordInput, now: number | undefined): UsageRecord {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new InvalidUsageRecordError("record", input, "must be an object");
  }
  for (const key in input) {
    if (!isKnownField(key)) {
      throw new InvalidUsageRecordError(
        key,
        (input as unknown as Record<string, unknown>)[key],
        unknownFieldHint(key),
      );
    }
  }

  const promptTokens = count(input.promptTokens, "promptTokens");
  const completionTokens = count(input.completionTokens, "completionTokens");
  const cachedPromptTokens = count(input.cachedPromptTokens, "cachedPromptTokens");
  const cacheWriteTokens = count(input.cacheWriteTokens, "cacheWriteTokens");
  const reasoningTokens = count(input.reasoningTokens, "reasoningTokens");
  let totalTokens = count(input.totalTokens, "totalTokens");
  if (totalTokens === null) {
    totalTokens = sumKnown(promptTokens, completionTokens);
    if (totalTokens !== null && totalTokens > Number.MAX_SAFE_INTEGER) {
      throw new InvalidUsageRecordError(
        "totalTokens",
        totalTokens,
        "(promptTokens + completionTokens) exceeds Number.MAX_SAFE_INTEGER and cannot be counted exactly",
      );
    }
  }
  checkParts(promptTokens, cachedPromptTokens, cacheWriteTokens, completionTokens, reasoningTokens);

  const callerId = input.id;
  const hasCallerId = callerId !== undefined;

  return {
    id: hasCallerId ? identifier(callerId, "id", true) : generateRecordId(),
    idSource: hasCallerId ? "caller" : "generated",
    providerId: identifier(input.providerId, "providerId", true),
    modelName: identifier(input.modelName, "modelName", true),
    promptTokens,
    completionTokens,
    totalTokens,
    cachedPromptTokens,
    cacheWriteTokens,
    reasoningTokens,
    timestamp: timestampOf(input.timestamp, now),
    callType: optionalIdentifier(input.callType, "callType"),
    userId: optionalIdentifier(input.userId, "userId"),
    sessionId: optionalIdentifier(input.sessionId, "sessionId"),
    customTags: input.customTags == null ? null : validateTags(input.customTags),
    costUsd: cost(input.costUsd),
  } as UsageRecord;
}

function count(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number")
    throw new InvalidUsageRecordError(field, value, "must be a number");
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw new InvalidUsageRecordError(field, value, countProblem(value));
}

function countProblem(value: number): string {
  if (Number.isNaN(value)) return "must be a number, not NaN";
  if (!Number.isFinite(value)) return "must be finite";
  if (value < 0) return "must not be negative";
  if (!Number.isInteger(value)) return "must be a whole number of tokens";
  return "exceeds Number.MAX_SAFE_INTEGER (2^53 - 1) and cannot be counted exactly";
}

function sumKnown(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

// "Part of" fields can never exceed their whole: that is what double counting looks like.
function checkParts(
  prompt: number | null,
  cached: number | null,
  cacheWrite: number | null,
  completion: number | null,
  reasoning: number | null,
): void {
  if (prompt !== null && (cached ?? 0) + (cacheWrite ?? 0) > prompt) {
    throw new InvalidUsageRecordError(
      "cachedPromptTokens",
      { cachedPromptTokens: cached, cacheWriteTokens: cacheWrite, promptTokens: prompt },
      "plus cacheWriteTokens exceeds promptTokens; they are parts of promptTokens, not added on top",
    );
  }
  if (completion !== null && reasoning !== null && reasoning > completion) {
    throw new InvalidUsageRecordError(
      "reasoningTokens",
      { reasoningTokens: reasoning, completionTokens: completion },
      "exceeds completionTokens; reasoning is part of completionTokens, not added on top",
    );
  }
}

function identifier(value: unknown, field: string, required: boolean): string {
  if (typeof value !== "string") {
    throw new InvalidUsageRecordError(
      field,
      value,
      required ? "is required and must be a string" : "must be a string or null",
    );
  }
  if (value.length === 0) throw new InvalidUsageRecordError(field, value, "must not be empty");
  if (value.includes("\0")) {
    throw new InvalidUsageRecordError(field, value, "must not contain a NUL character");
  }
  if (required && isBlank(value)) {
    throw new InvalidUsageRecordError(field, value, "must not be blank");
  }
  if (value.length > LIMITS.maxIdentifierLength) {
    throw new InvalidUsageRecordError(
      field,
      value,
      `must be at most ${LIMITS.maxIdentifierLength} characters`,
    );
  }

  return value;
}

/** Same as `value.trim() === ""`, without a new string when it starts visibly. */
function isBlank(value: string): boolean {
  const first = value.charCodeAt(0);
  if (first > 32 && first < 127) return false;

  return value.trim().length === 0;
}

/** A userId, sessionId or callType: a string within the record's limits, or null. */
export function optionalIdentifier(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : identifier(value, field, false);
}

// The clock is read only when needed: most records carry their own timestamp.
function timestampOf(value: unknown, now: number | undefined): number {
  if (value === undefined) return now ?? Date.now();
  let ms = value;
  if (value instanceof Date) ms = value.getTime();
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new InvalidUsageRecordError(
      "timestamp",
      value,
      "must be finite epoch milliseconds or a valid Date",
    );
  }
  if (ms < LIMITS.minTimestampMs) {
    throw new InvalidUsageRecordError(
      "timestamp",
      value,
      "looks like seconds, not milliseconds (values below 1e11 are rejected); multiply by 1000",
    );
  }
  if (ms > LIMITS.maxTimestampMs) {
    throw new InvalidUsageRecordError(
      "timestamp",
      value,
      "is beyond the largest representable date",
    );
  }

  return ms;
}

function cost(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidUsageRecordError("costUsd", value, "must be a finite number >= 0 or null");
  }
  if (value > LIMITS.maxCostUsd) {
    throw new InvalidUsageRecordError(
      "costUsd",
      value,
      `must be at most ${LIMITS.maxCostUsd} USD for one call`,
    );
  }

  return value;
}

/** Validates a flat tag map; also used for filter tags. */
export function validateTags(value: unknown, field = "customTags"): UsageTags {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidUsageRecordError(
      field,
      value,
      "must be a flat object of string, number or boolean values",
    );
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidUsageRecordError(field, value, "must be a plain object");
  }
  const keys = Object.keys(value);
  if (keys.length > LIMITS.maxTagCount) {
    throw new InvalidUsageRecordError(
      field,
      keys.length,
      `may hold at most ${LIMITS.maxTagCount} tags`,
    );
  }
  // An own "__proto__" key (from JSON.parse) is invisible to Object.keys on some paths.
  if (Object.hasOwn(value, "__proto__")) {
    throw new InvalidUsageRecordError(`${field}.__proto__`, "__proto__", "is a forbidden tag key");
  }
  // A copy, each value read once: a getter cannot change it after the check, and
  // the caller mutating its object later cannot change what was recorded.
  const copy: Record<string, string | number | boolean> = {};
  for (const key of keys) {
    const tag = (value as Record<string, unknown>)[key];
    checkTag(field, key, tag);
    copy[key] = tag as string | number | boolean;
  }

  return copy;
}

function checkTag(field: string, key: string, tag: unknown): void {
  if (FORBIDDEN_TAG_KEYS.has(key)) {
    throw new InvalidUsageRecordError(`${field}.${key}`, key, "is a forbidden tag key");
  }
  if (key.length === 0 || key.length > LIMITS.maxTagKeyLength || key.includes("\0")) {
    throw new InvalidUsageRecordError(
      `${field}`,
      key,
      `tag keys must be 1 to ${LIMITS.maxTagKeyLength} characters, without NUL`,
    );
  }
  if (typeof tag === "string") {
    if (tag.includes("\0")) {
      throw new InvalidUsageRecordError(`${field}.${key}`, tag, "must not contain a NUL character");
    }
    if (tag.length > LIMITS.maxTagValueLength) {
      throw new InvalidUsageRecordError(
        `${field}.${key}`,
        tag,
        `must be at most ${LIMITS.maxTagValueLength} characters`,
      );
    }
    return;
  }
  if (typeof tag === "boolean") return;
  if (typeof tag === "number" && Number.isFinite(tag)) return;
  throw new InvalidUsageRecordError(
    `${field}.${key}`,
    tag,
    typeof tag === "object" && tag !== null
      ? "is nested; tags must be flat string, number or boolean values"
      : "must be a string, a finite number or a boolean",
  );
}

function unknownFieldHint(key: string): string {
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (camel !== key && KNOWN_FIELDS.has(camel))
    return `is not a record field; did you mean "${camel}"?`;
  return "is not a record field";
}
