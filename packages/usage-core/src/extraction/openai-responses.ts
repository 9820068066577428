import type { LLMUsageInfo } from "../types.js";
import { createLastUsageAccumulator } from "./last-usage-accumulator.js";
import { RESPONSES_FIELDS, readOpenAIUsage } from "./openai-usage.js";
import { objectOf, stringOf } from "./read-counts.js";
import type { FormatAccumulator } from "./types.js";

export function extractOpenAIResponses(body: unknown): LLMUsageInfo {
  const b = objectOf(body);

  return readOpenAIUsage(b?.usage, RESPONSES_FIELDS, stringOf(b?.model));
}

/** The events that end a response stream; each carries the whole response with its usage. */
const TERMINAL_EVENTS: ReadonlySet<unknown> = new Set([
  "response.completed",
  "response.incomplete",
  "response.failed",
]);

/** Every `response.*` lifecycle event carries the response; the terminal ones carry usage. */
export function createOpenAIResponsesAccumulator(): FormatAccumulator {
  return createLastUsageAccumulator((event) => {
    const response = objectOf(event.response);
    const model = stringOf(response?.model);
    if (!objectOf(response?.usage)) return { model };

    return {
      model,
      usage: readOpenAIUsage(response?.usage, RESPONSES_FIELDS, model),
      isFinal: TERMINAL_EVENTS.has(event.type),
    };
  });
}
