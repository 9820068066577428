import { AsyncLocalStorage } from "node:async_hooks";
import type { UsageTags } from "./types.js";

/** Attribution that LLM calls made inside a scope inherit. */
export interface UsageContext {
  readonly userId?: string | null;
  readonly sessionId?: string | null;
  readonly tags?: UsageTags;
}

const EMPTY: UsageContext = Object.freeze({});
const storage = new AsyncLocalStorage<UsageContext>();

/**
 * Runs `fn` with an attribution scope: genie.llm calls (and SDK integrations)
 * made inside it, however deep in async code, are recorded with this userId,
 * sessionId and tags unless the call passes its own. Scopes nest: an inner
 * scope overrides the fields it sets, and its tags are merged over the outer ones.
 */
export function withUsageContext<T>(context: UsageContext, fn: () => T): T {
  return storage.run(mergeUsageContext(currentUsageContext(), context), fn);
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
  const merged: { -readonly [K in keyof UsageContext]: UsageContext[K] } = { ...base };
  if (override.userId !== undefined) merged.userId = override.userId;
  if (override.sessionId !== undefined) merged.sessionId = override.sessionId;
  if (override.tags !== undefined) merged.tags = { ...base.tags, ...override.tags };

  return Object.freeze(merged);
}
