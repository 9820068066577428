import { objectOf, stringOf } from "../extraction/read-counts.js";
import { joinUrl } from "./http.js";
import { createHttpProvider } from "./http-provider.js";
import { type HttpProviderOptions, readHttpOptions } from "./provider-options.js";
import type { LLMProvider, LLMProviderPlugin, LLMRequest } from "./types.js";

const OLLAMA_BASE_URL = "http://127.0.0.1:11434";

function modelOptions(request: LLMRequest): { options?: Record<string, number> } {
  const options: Record<string, number> = {};
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;

  return Object.keys(options).length > 0 ? { options } : {};
}

// A chat chunk carries message.content, a generate chunk response.
function textOf(body: Record<string, unknown>): string | null {
  return stringOf(objectOf(body.message)?.content) ?? stringOf(body.response);
}

/**
 * Ollama's native API: chat() uses /api/chat, generate() /api/generate; both
 * stream NDJSON whose `done: true` line carries the counts.
 */
export function createOllamaProvider(options: HttpProviderOptions = {}): LLMProvider {
  const read = readHttpOptions("ollama", options, {
    baseURL: OLLAMA_BASE_URL,
    providerId: "ollama",
    envKey: undefined,
    keyHeader: "authorization",
  });

  return createHttpProvider({
    target: read.target,
    defaultModel: read.model,
    format: "ollama",
    framing: "ndjson",
    headers: read.headers,
    url: (request) => joinUrl(read.baseURL, request.kind === "chat" ? "api/chat" : "api/generate"),
    body: (request, model, isStream) => ({
      model,
      ...(request.kind === "chat" ? { messages: request.messages } : { prompt: request.prompt }),
      stream: isStream,
      ...modelOptions(request),
    }),
    textOf: (body) => textOf(body) ?? "",
    deltaOf: textOf,
    errorOf: (event) => (event.error == null ? null : String(event.error)),
  });
}

export const ollamaPlugin: LLMProviderPlugin<HttpProviderOptions> = {
  name: "ollama",
  create: (options) => createOllamaProvider(options),
};
