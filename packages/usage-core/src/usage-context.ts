import { AsyncLocalStorage } from "node:async_hooks";
import { InvalidUsageRecordError } from "./errors.js";
import type { UsageTags } from "./types.js";
import { optionalIdentifier, validateTags } from "./validate-record.js";

/** Attribution that LLM calls made inside a scope inherit. */
export interface UsageContext {
  readonly userId?: string | null;
  readonly sessionId?: string | null;
  readonly tags?: UsageTags;
}

type MutableContext = { -readonly [K in keyof UsageContext]: UsageContext[K] };

const EMPTY: UsageContext = Object.freeze({});
const storage = new AsyncLocalStorage<UsageContext>();

/**
 * Runs `fn` with an attribution scope: genie.llm calls (and SDK integrations)
 * made inside it, however deep in async code, are recorded with this userId,
 * sessionId and tags unless the call passes its own. Scopes nest: an inner
 * scope overrides the fields it sets, and its tags are merged over the outer ones.
 * A context the record would reject (tags that are not a flat plain object, a
 * userId that is not a string) throws InvalidUsageRecordError before `fn` runs.
 */
export function withUsageContext<T>(context: UsageContext, fn: () => T): T {
  const checked = validateUsageContext(context, "withUsageContext");

  return storage.run(mergeUsageContext(currentUsageContext(), checked), fn);
}

/** The attribution of the current scope; an empty object outside any scope. */
export function currentUsageContext(): UsageContext {
  return storage.getStore() ?? EMPTY;
}

/**
 * `override` over `base`: a field `override` sets (null included) wins, an
 * undefined one keeps `base`'s; tags merge key by key.
 */
export function mergeUsageContext(base: UsageContext, override: UsageContext): UsageContext {
  const merged: MutableContext = { ...base };
  if (override.userId !== undefined) merged.userId = override.userId;
  if (override.sessionId !== undefined) merged.sessionId = override.sessionId;
  if (override.tags !== undefined) merged.tags = { ...base.tags, ...override.tags };

  return Object.freeze(merged);
}

/**
 * Checks attribution where it is given, so that a bad value fails there with
 * InvalidUsageRecordError (`where` names it in the message) rather than
 * failing the record later. Returns a copy; undefined fields stay undefined.
 */
export function validateUsageContext(context: unknown, where: string): UsageContext {
  if (typeof context !== "object" || context === null || Array.isArray(context)) {
    throw new InvalidUsageRecordError(where, context, "must be an object");
  }
  const { userId, sessionId, tags } = context as Record<string, unknown>;
  const checked: MutableContext = {};
  if (userId !== undefined) checked.userId = optionalIdentifier(userId, `${where}.userId`);
  if (sessionId !== undefined)
    checked.sessionId = optionalIdentifier(sessionId, `${where}.sessionId`);
  if (tags !== undefined) checked.tags = validateTags(tags, `${where}.tags`);

  return checked;
}
