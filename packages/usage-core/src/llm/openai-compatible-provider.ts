import { objectOf, stringOf } from "../extraction/read-counts.js";
import { joinUrl } from "./http.js";
import { createHttpProvider } from "./http-provider.js";
import { type HttpProviderOptions, readHttpOptions } from "./provider-options.js";
import type { LLMProvider, LLMProviderPlugin } from "./types.js";

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

function firstChoice(body: Record<string, unknown>): Record<string, unknown> | undefined {
  return Array.isArray(body.choices) ? objectOf(body.choices[0]) : undefined;
}

/**
 * OpenAI chat completions and the servers that copy them (Ollama's /v1, vLLM,
 * llama.cpp, LM Studio, ...). Streams always ask for usage
 * (`stream_options.include_usage`), which OpenAI sends only when asked.
 */
export function createOpenAICompatibleProvider(
  options: HttpProviderOptions = {},
  env: Readonly<Record<string, string | undefined>> = {},
): LLMProvider {
  const read = readHttpOptions("openai-compatible", options, {
    baseURL: OPENAI_BASE_URL,
    providerId:
      (options.baseURL ?? OPENAI_BASE_URL) === OPENAI_BASE_URL ? "openai" : "openai-compatible",
    envKey: env.OPENAI_API_KEY,
    keyHeader: "authorization",
  });

  return createHttpProvider({
    target: read.target,
    defaultModel: read.model,
    format: "openai-chat",
    framing: "sse",
    headers: read.headers,
    url: () => joinUrl(read.baseURL, "chat/completions"),
    body: (request, model, isStream) => ({
      model,
      messages: request.messages,
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      stream: isStream,
      ...(isStream ? { stream_options: { include_usage: true } } : {}),
    }),
    textOf: (body) => stringOf(objectOf(firstChoice(body)?.message)?.content) ?? "",
    deltaOf: (event) => stringOf(objectOf(firstChoice(event)?.delta)?.content),
    errorOf: (event) => {
      const error = event.error;
      return error == null ? null : (stringOf(objectOf(error)?.message) ?? String(error));
    },
  });
}

export const openAICompatiblePlugin: LLMProviderPlugin<HttpProviderOptions> = {
  name: "openai-compatible",
  create: (options, context) => createOpenAICompatibleProvider(options, context.env),
};
