import type { StreamUsage } from "../extraction/types.js";
import type { LLMUsageInfo, Logger, UsageTags } from "../types.js";

/** One chat message. Roles other than these three are passed through as written. */
export interface LLMMessage {
  role: "system" | "user" | "assistant" | (string & {});
  content: string;
}

/** Options of one genie.llm call: the model, its attribution, and the request's knobs. */
export interface LLMCallOptions {
  model?: string;
  /** Attribution; a value given here wins over the surrounding withUsageContext scope. */
  userId?: string | null;
  sessionId?: string | null;
  /** Merged key by key over the scope's tags. */
  tags?: UsageTags;
  /** Default "chat" for chat(), "generate" for generate(). */
  callType?: string;
  signal?: AbortSignal;
  maxTokens?: number;
  temperature?: number;
  stream?: boolean;
}

/** What a provider receives. A generate call also carries its prompt as one user message. */
export interface LLMRequest {
  readonly kind: "chat" | "generate";
  readonly messages: readonly LLMMessage[];
  readonly prompt: string | null;
  readonly model: string | undefined;
  readonly maxTokens: number | undefined;
  readonly temperature: number | undefined;
  readonly signal: AbortSignal | undefined;
}

export interface LLMProviderResponse {
  text: string;
  usage: LLMUsageInfo;
  /** The response body as parsed. */
  raw?: unknown;
}

/**
 * A provider's stream of text deltas. It is iterated at most once; `usage()`
 * gives what is known so far, `cancel()` releases the connection.
 */
export interface LLMProviderStream extends AsyncIterable<string> {
  usage(): StreamUsage;
  cancel(): Promise<void>;
}

/** An LLM provider plugin's instance. `name` is recorded as the providerId. */
export interface LLMProvider {
  readonly name: string;
  /** The model used when a call names none. */
  readonly defaultModel?: string | undefined;
  complete(request: LLMRequest): Promise<LLMProviderResponse>;
  /** Resolves once the provider answered (HTTP errors reject here); the body is read lazily. */
  stream(request: LLMRequest): Promise<LLMProviderStream>;
  close?(): Promise<void>;
}

export interface LLMProviderContext {
  readonly logger: Logger;
  /** Environment the provider may read defaults from (API keys). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Configured by name under features.llm, with options from llmProviderConfigurations[name]. */
export interface LLMProviderPlugin<Options = Record<string, unknown>> {
  readonly name: string;
  create(options: Options, context: LLMProviderContext): LLMProvider | Promise<LLMProvider>;
}

/** A finished non-streaming call. */
export interface LLMResult {
  text: string;
  usage: LLMUsageInfo;
  /** The model the provider reported, else the one asked for. */
  model: string;
  providerId: string;
  raw: unknown;
}

/** A finished stream: its whole text and the usage that was recorded. */
export interface LLMStreamResult {
  text: string;
  usage: StreamUsage;
  model: string;
  providerId: string;
}

/**
 * A streaming call: iterate it (once) for text deltas. It records exactly one
 * usage record, when it ends, is abandoned, aborted or cut (see the README).
 */
export interface LLMStream extends AsyncIterable<string> {
  /** Resolves when the stream has ended, with the usage recorded; never rejects. */
  readonly usage: Promise<StreamUsage>;
  /** Reads what is left (when nobody iterates), then the whole text and usage. */
  result(): Promise<LLMStreamResult>;
  /** Stops reading: releases the connection and records what is known as incomplete. */
  cancel(): Promise<void>;
}
