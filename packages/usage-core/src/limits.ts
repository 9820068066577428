/** Documented size limits of a record (DESIGN §2: "strings over a documented length"). */
export const LIMITS = {
  /** providerId, modelName, callType, userId, sessionId, id. */
  maxIdentifierLength: 512,
  maxTagCount: 64,
  maxTagKeyLength: 128,
  maxTagValueLength: 1024,
  /** Below this a timestamp looks like seconds, not milliseconds. */
  minTimestampMs: 1e11,
  /** The most one call may cost: a guard against a unit slip (cents, micro-dollars). */
  maxCostUsd: 1_000_000,
  /** The largest instant a JS Date can hold. */
  maxTimestampMs: 8.64e15,
} as const;

/** Tag keys that could reach an object's prototype chain. */
export const FORBIDDEN_TAG_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);
