import type { LLMUsageInfo } from "../types.js";

/** The wire formats whose usage core can read (DESIGN §6). */
export const USAGE_FORMATS = [
  "openai-chat",
  "openai-responses",
  "anthropic",
  "gemini",
  "ollama",
  "bedrock-converse",
] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];

/** Usage of a stream: what is known so far, and whether the final usage has arrived. */
export interface StreamUsage extends LLMUsageInfo {
  /** True once the stream sent the usage it reports at its end. */
  isComplete: boolean;
}

/** Consumes a stream's parsed events (or SDK chunks) one at a time. */
export interface StreamUsageAccumulator {
  readonly format: UsageFormat;
  /** Takes one parsed event or chunk; anything without usage is ignored. */
  push(event: unknown): void;
  /** The usage known so far; `isComplete` tells whether it is the final one. */
  result(): StreamUsage;
}

/** A per-format accumulator before it is tagged with its format. */
export interface FormatAccumulator {
  push(event: unknown): void;
  result(): StreamUsage;
}
