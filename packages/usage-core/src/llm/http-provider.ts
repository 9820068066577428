import { InvalidConfigError } from "../errors.js";
import { extractUsage } from "../extraction/extract-usage.js";
import type { UsageFormat } from "../extraction/types.js";
import { type HttpTarget, postJson, readJson } from "./http.js";
import { createProviderStream } from "./provider-stream.js";
import type { LLMProvider, LLMRequest } from "./types.js";

/** What differs between the built-in HTTP providers. */
export interface HttpProviderSpec {
  readonly target: HttpTarget;
  readonly defaultModel: string | undefined;
  readonly format: UsageFormat;
  readonly framing: "sse" | "ndjson";
  readonly headers: Record<string, string>;
  url(request: LLMRequest): string;
  body(request: LLMRequest, model: string, isStream: boolean): unknown;
  /** The text of a whole response body. */
  textOf(body: Record<string, unknown>): string;
  deltaOf(event: Record<string, unknown>): string | null;
  errorOf(event: Record<string, unknown>): string | null;
}

function modelFor(spec: HttpProviderSpec, request: LLMRequest): string {
  const model = request.model ?? spec.defaultModel;
  if (model) return model;
  throw new InvalidConfigError([
    `No model for LLM provider "${spec.target.providerId}": pass options.model or set ` +
      `the provider's "model" option in llmProviderConfigurations.`,
  ]);
}

/** A provider that speaks JSON over HTTP with `fetch`, streaming SSE or NDJSON. */
export function createHttpProvider(spec: HttpProviderSpec): LLMProvider {
  const { target } = spec;
  const post = (request: LLMRequest, isStream: boolean): Promise<Response> =>
    postJson(target, spec.url(request), spec.body(request, modelFor(spec, request), isStream), {
      headers: spec.headers,
      signal: request.signal,
    });

  return {
    name: target.providerId,
    defaultModel: spec.defaultModel,
    async complete(request) {
      const body = await readJson(target, await post(request, false));
      const object = (typeof body === "object" && body !== null ? body : {}) as Record<
        string,
        unknown
      >;

      return { text: spec.textOf(object), usage: extractUsage(spec.format, body), raw: body };
    },
    async stream(request) {
      const response = await post(request, true);

      return createProviderStream({
        target,
        response,
        framing: spec.framing,
        format: spec.format,
        signal: request.signal,
        deltaOf: spec.deltaOf,
        errorOf: spec.errorOf,
      });
    },
  };
}
