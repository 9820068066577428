import { UnknownUsageFormatError } from "../errors.js";
import type { LLMUsageInfo } from "../types.js";
import { createAnthropicAccumulator, extractAnthropic } from "./anthropic.js";
import { createBedrockConverseAccumulator, extractBedrockConverse } from "./bedrock-converse.js";
import { createGeminiAccumulator, extractGemini } from "./gemini.js";
import { createOllamaAccumulator, extractOllama } from "./ollama.js";
import { createOpenAIChatAccumulator, extractOpenAIChat } from "./openai-chat.js";
import { createOpenAIResponsesAccumulator, extractOpenAIResponses } from "./openai-responses.js";
import {
  type FormatAccumulator,
  type StreamUsageAccumulator,
  USAGE_FORMATS,
  type UsageFormat,
} from "./types.js";

interface FormatReader {
  extract(body: unknown): LLMUsageInfo;
  createAccumulator(): FormatAccumulator;
}

const READERS: Readonly<Record<UsageFormat, FormatReader>> = {
  "openai-chat": { extract: extractOpenAIChat, createAccumulator: createOpenAIChatAccumulator },
  "openai-responses": {
    extract: extractOpenAIResponses,
    createAccumulator: createOpenAIResponsesAccumulator,
  },
  anthropic: { extract: extractAnthropic, createAccumulator: createAnthropicAccumulator },
  gemini: { extract: extractGemini, createAccumulator: createGeminiAccumulator },
  ollama: { extract: extractOllama, createAccumulator: createOllamaAccumulator },
  "bedrock-converse": {
    extract: extractBedrockConverse,
    createAccumulator: createBedrockConverseAccumulator,
  },
};

export function isUsageFormat(value: unknown): value is UsageFormat {
  return typeof value === "string" && Object.hasOwn(READERS, value);
}

function readerFor(format: UsageFormat): FormatReader {
  if (!isUsageFormat(format)) {
    throw new UnknownUsageFormatError(format, USAGE_FORMATS);
  }

  return READERS[format];
}

/**
 * The usage of a whole (non-streamed) response body, parsed from JSON. Counts
 * the body lacks are null (unknown); nothing throws on a missing field.
 */
export function extractUsage(format: UsageFormat, body: unknown): LLMUsageInfo {
  return readerFor(format).extract(body);
}

/**
 * Reads a stream's usage: `push` every parsed event (SSE `data` JSON, NDJSON
 * line or SDK chunk) in order, then `result()` for the usage known so far.
 */
export function createStreamUsageAccumulator(format: UsageFormat): StreamUsageAccumulator {
  const inner = readerFor(format).createAccumulator();

  return { format, push: (event) => inner.push(event), result: () => inner.result() };
}
