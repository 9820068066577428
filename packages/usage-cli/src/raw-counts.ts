import { InvalidUsageRecordError } from "@genie/usage-core";
import type { ProviderFormat } from "./types.js";

/**
 * Core's usage extraction reads a count that is not a whole number >= 0 as
 * unknown (null), which suits a live call. An imported line is checked here
 * first instead, so a negative or fractional count rejects the line rather
 * than vanishing from the totals.
 */

// Where each format keeps its counts: a child object of the body, or the body itself.
const USAGE_OBJECT: Readonly<Record<ProviderFormat, string | null>> = {
  "openai-chat": "usage",
  "openai-responses": "usage",
  anthropic: "usage",
  gemini: "usageMetadata",
  ollama: null,
  "bedrock-converse": "usage",
};

// Count fields by name: prompt_tokens, inputTokens, promptTokenCount, eval_count, ...
const COUNT_KEY = /(tokens|tokencount|_count)$/i;
const MAX_DEPTH = 4;

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function* badCounts(value: unknown, path: string, depth: number): Generator<[string, unknown]> {
  if (depth > MAX_DEPTH || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* badCounts(item, `${path}[${i}]`, depth + 1);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (typeof child === "object" && child !== null) yield* badCounts(child, at, depth + 1);
    else if (COUNT_KEY.test(key) && child !== null && !isCount(child)) yield [at, child];
  }
}

/** Throws on the first count of a raw response body that is present but not a whole number >= 0. */
export function checkRawCounts(format: ProviderFormat, body: Record<string, unknown>): void {
  const key = USAGE_OBJECT[format];
  const usage = key === null ? body : body[key];
  const first = badCounts(usage, key ?? "", 1).next();
  if (first.done) return;
  const [path, value] = first.value;
  throw new InvalidUsageRecordError(path, value, "must be a whole number >= 0");
}
