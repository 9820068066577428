import { InvalidConfigError } from "../errors.js";
import type { HttpTarget } from "./http.js";

/** The options every built-in HTTP provider takes. */
export interface HttpProviderOptions {
  baseURL?: string;
  apiKey?: string;
  /** The model used when a call names none. */
  model?: string;
  /** Recorded as the record's providerId. */
  providerId?: string;
  /** Extra request headers (a proxy's, an organisation header, ...). */
  headers?: Record<string, string>;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

const STRING_OPTIONS = ["baseURL", "apiKey", "model", "providerId"] as const;

/**
 * Checks the shared options, every problem at once. The environment's key is
 * used only with the provider's own default URL, so it never travels elsewhere.
 */
export function readHttpOptions(
  pluginName: string,
  options: HttpProviderOptions,
  defaults: {
    baseURL: string;
    providerId: string;
    envKey: string | undefined;
    /** The header that carries the key; `authorization` sends it as a bearer token. */
    keyHeader: string;
    headers?: Record<string, string>;
  },
): {
  baseURL: string;
  headers: Record<string, string>;
  model: string | undefined;
  target: HttpTarget;
} {
  const problems: string[] = [];
  const where = `llmProviderConfigurations["${pluginName}"]`;
  for (const key of STRING_OPTIONS) {
    const value = options[key];
    if (value !== undefined && (typeof value !== "string" || value === ""))
      problems.push(`${where}.${key} must be a non-empty string.`);
  }
  const baseURL = options.baseURL ?? defaults.baseURL;
  if (typeof baseURL === "string" && !URL.canParse(baseURL))
    problems.push(`${where}.baseURL is not a URL.`);
  else if (typeof baseURL === "string" && /^[^/]*\/\/[^/]*@/.test(baseURL))
    problems.push(`${where}.baseURL must not carry credentials (fetch refuses them); use apiKey.`);
  if (options.fetch !== undefined && typeof options.fetch !== "function")
    problems.push(`${where}.fetch must be a function.`);
  if (problems.length > 0) throw new InvalidConfigError(problems);
  const apiKey = options.apiKey ?? (baseURL === defaults.baseURL ? defaults.envKey : undefined);
  const headers = { ...defaults.headers, ...options.headers };
  if (apiKey)
    headers[defaults.keyHeader] =
      defaults.keyHeader === "authorization" ? `Bearer ${apiKey}` : apiKey;

  return {
    baseURL,
    headers,
    model: options.model,
    target: {
      providerId: options.providerId ?? defaults.providerId,
      secrets: apiKey ? [apiKey] : [],
      fetch: options.fetch ?? globalThis.fetch,
    },
  };
}
