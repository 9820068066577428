import { InvalidConfigError } from "../errors.js";
import { objectOf, stringOf } from "../extraction/read-counts.js";
import { joinUrl } from "./http.js";
import { createHttpProvider } from "./http-provider.js";
import { type HttpProviderOptions, readHttpOptions } from "./provider-options.js";
import type { LLMMessage, LLMProvider, LLMProviderPlugin } from "./types.js";

export interface AnthropicProviderOptions extends HttpProviderOptions {
  /** The API requires max_tokens; used when a call gives none. Default 1024. */
  maxTokens?: number;
  /** The `anthropic-version` header. Default "2023-06-01". */
  apiVersion?: string;
}

const ANTHROPIC_BASE_URL = "https://api.anthropic.com";

// The Messages API takes system prompts beside the messages, not among them.
function splitSystem(messages: readonly LLMMessage[]): { system?: string; messages: LLMMessage[] } {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content);
  const rest = messages.filter((m) => m.role !== "system");

  return system.length > 0 ? { system: system.join("\n\n"), messages: rest } : { messages: rest };
}

function textBlocks(content: unknown): string {
  if (!Array.isArray(content)) return "";

  return content
    .map((block) => objectOf(block))
    .filter((block) => block?.type === "text")
    .map((block) => stringOf(block?.text) ?? "")
    .join("");
}

/** The Anthropic Messages API (`/v1/messages`), streaming server-sent events. */
export function createAnthropicProvider(
  options: AnthropicProviderOptions = {},
  env: Readonly<Record<string, string | undefined>> = {},
): LLMProvider {
  const read = readHttpOptions("anthropic", options, {
    baseURL: ANTHROPIC_BASE_URL,
    providerId: "anthropic",
    envKey: env.ANTHROPIC_API_KEY,
    keyHeader: "x-api-key",
    headers: { "anthropic-version": options.apiVersion ?? "2023-06-01" },
  });
  const maxTokens = options.maxTokens ?? 1024;
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 1)
    throw new InvalidConfigError([
      'llmProviderConfigurations["anthropic"].maxTokens must be >= 1.',
    ]);

  return createHttpProvider({
    target: read.target,
    defaultModel: read.model,
    format: "anthropic",
    framing: "sse",
    headers: read.headers,
    url: () => joinUrl(read.baseURL, "v1/messages"),
    body: (request, model, isStream) => ({
      model,
      ...splitSystem(request.messages),
      max_tokens: request.maxTokens ?? maxTokens,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      stream: isStream,
    }),
    textOf: (body) => textBlocks(body.content),
    deltaOf: (event) => {
      const delta = objectOf(event.delta);
      return event.type === "content_block_delta" && delta?.type === "text_delta"
        ? stringOf(delta.text)
        : null;
    },
    errorOf: (event) =>
      event.type === "error" ? (stringOf(objectOf(event.error)?.message) ?? "stream error") : null,
  });
}

export const anthropicPlugin: LLMProviderPlugin<AnthropicProviderOptions> = {
  name: "anthropic",
  create: (options, context) => createAnthropicProvider(options, context.env),
};
