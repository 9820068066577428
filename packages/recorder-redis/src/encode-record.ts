import { type UsageRecord, type UsageTags, usdToNanos } from "@genie/usage-core";

/**
 * A stored record is one sorted-set member: the timestamp's whole milliseconds as
 * 16 zero-padded digits (so byte order is time order), then a JSON array:
 *
 *   [timestamp, id, idSource, providerId, modelName, callType, userId, sessionId,
 *    prompt, completion, total, cachedPrompt, cacheWrite, reasoning,
 *    costNanos, costUsd, customTags]
 *
 * idSource is 1 for a caller's id, 0 for a generated one. costNanos is the cost in
 * whole nano-dollars (what every sum uses); costUsd keeps the number as given.
 * Scripts read fields by these positions (see lua/record-fields.ts).
 */
export const TIME_DIGITS = 16;

const MAX_TIME_KEY = 10 ** TIME_DIGITS - 1;

/** The sortable time prefix of whole milliseconds `ms`. */
export function timeKey(ms: number): string {
  const clamped = Math.min(Math.max(Math.floor(ms), 0), MAX_TIME_KEY);

  return String(clamped).padStart(TIME_DIGITS, "0");
}

// Lua's JSON decoder rejects lone surrogates; a string that carries one is stored
// with it replaced by U+FFFD, which is also what UTF-8 transport would do.
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/;

/** `value` with any lone surrogate replaced by U+FFFD, as it is stored. */
export function wellFormed(value: string): string {
  return (value as string & { toWellFormed(): string }).toWellFormed();
}

function wellFormedTags(tags: UsageTags): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(tags)) {
    out[wellFormed(key)] = typeof value === "string" ? wellFormed(value) : value;
  }

  return out;
}

function payloadOf(r: UsageRecord): unknown[] {
  const text = (v: string | null): string | null => (v === null ? null : wellFormed(v));

  return [
    r.timestamp,
    wellFormed(r.id),
    r.idSource === "caller" ? 1 : 0,
    wellFormed(r.providerId),
    wellFormed(r.modelName),
    text(r.callType),
    text(r.userId),
    text(r.sessionId),
    r.promptTokens,
    r.completionTokens,
    r.totalTokens,
    r.cachedPromptTokens,
    r.cacheWriteTokens,
    r.reasoningTokens,
    r.costUsd === null ? null : usdToNanos(r.costUsd),
    r.costUsd,
    r.customTags === null ? null : wellFormedTags(r.customTags),
  ];
}

const str = JSON.stringify;
const orNull = (v: string | number | null): string =>
  v === null ? "null" : typeof v === "string" ? str(v) : String(v);

// The same JSON as JSON.stringify(payloadOf(r)) for well-formed strings, built
// without the intermediate array: this runs once per record on the write path.
function payloadJson(r: UsageRecord): string {
  const cost = r.costUsd;

  return (
    `[${r.timestamp},${str(r.id)},${r.idSource === "caller" ? 1 : 0},${str(r.providerId)},` +
    `${str(r.modelName)},${orNull(r.callType)},${orNull(r.userId)},${orNull(r.sessionId)},` +
    `${orNull(r.promptTokens)},${orNull(r.completionTokens)},${orNull(r.totalTokens)},` +
    `${orNull(r.cachedPromptTokens)},${orNull(r.cacheWriteTokens)},${orNull(r.reasoningTokens)},` +
    `${cost === null ? "null" : usdToNanos(cost)},${orNull(cost)},` +
    `${r.customTags === null ? "null" : str(r.customTags)}]`
  );
}

/** JSON of a list of strings that the server's JSON decoder accepts. */
export function jsonForLua(strings: readonly string[]): string {
  const json = JSON.stringify(strings);

  return LONE_SURROGATE_ESCAPE.test(json) ? JSON.stringify(strings.map(wellFormed)) : json;
}

/** The sorted-set member that stores `record`. */
export function encodeRecord(record: UsageRecord): string {
  let json = payloadJson(record);
  if (LONE_SURROGATE_ESCAPE.test(json)) json = JSON.stringify(payloadOf(record));

  return timeKey(record.timestamp) + json;
}

/**
 * The members of `records` joined by newlines (a member never holds a raw
 * newline). The lone-surrogate test runs once over the whole batch, and only a
 * batch that has one is encoded again record by record.
 */
export function encodeMembers(records: readonly UsageRecord[]): string {
  const members = records.map((r) => timeKey(r.timestamp) + payloadJson(r));
  const joined = members.join("\n");

  return LONE_SURROGATE_ESCAPE.test(joined) ? records.map(encodeRecord).join("\n") : joined;
}

type Payload = [
  number,
  string,
  0 | 1,
  string,
  string,
  string | null,
  string | null,
  string | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  UsageTags | null,
];

/** The record a member stores. */
export function decodeRecord(member: string): UsageRecord {
  const p = JSON.parse(member.slice(TIME_DIGITS)) as Payload;

  return {
    id: p[1],
    idSource: p[2] === 1 ? "caller" : "generated",
    providerId: p[3],
    modelName: p[4],
    promptTokens: p[8],
    completionTokens: p[9],
    totalTokens: p[10],
    cachedPromptTokens: p[11],
    cacheWriteTokens: p[12],
    reasoningTokens: p[13],
    timestamp: p[0],
    callType: p[5],
    userId: p[6],
    sessionId: p[7],
    customTags: p[16],
    costUsd: p[15],
  };
}

/** The exact timestamp of a member, without decoding the rest. */
export function timestampOf(member: string): number {
  return Number(member.slice(TIME_DIGITS + 1, member.indexOf(",", TIME_DIGITS)));
}
