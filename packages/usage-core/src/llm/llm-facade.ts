import { InvalidConfigError } from "../errors.js";
import type { UsageRecordInput } from "../types.js";
import type { UsageFacade } from "../usage-facade.js";
import { buildUsageRecord, type CallAttribution, resolveAttribution } from "./build-record.js";
import { createLLMStream, forgetRun } from "./llm-stream.js";
import { StreamRun } from "./stream-run.js";
import type {
  LLMCallOptions,
  LLMMessage,
  LLMProvider,
  LLMRequest,
  LLMResult,
  LLMStream,
} from "./types.js";

type StreamOptions = LLMCallOptions & { stream: true };
type WholeOptions = LLMCallOptions & { stream?: false };

/**
 * `genie.llm`: calls the configured provider and records every call's usage
 * once, without ever failing or delaying the call for it.
 */
export class LLMFacade {
  readonly #provider: LLMProvider | null;
  readonly #usage: UsageFacade;
  readonly #openRuns = new Set<StreamRun>();

  constructor(provider: LLMProvider | null, usage: UsageFacade) {
    this.#provider = provider;
    this.#usage = usage;
  }

  /** The configured provider, or null when features.llm is not set. */
  get provider(): LLMProvider | null {
    return this.#provider;
  }

  chat(messages: readonly LLMMessage[], options: StreamOptions): Promise<LLMStream>;
  chat(messages: readonly LLMMessage[], options?: WholeOptions): Promise<LLMResult>;
  chat(messages: readonly LLMMessage[], options?: LLMCallOptions): Promise<LLMResult | LLMStream>;
  chat(
    messages: readonly LLMMessage[],
    options: LLMCallOptions = {},
  ): Promise<LLMResult | LLMStream> {
    return this.#call("chat", [...messages], null, options);
  }

  generate(prompt: string, options: StreamOptions): Promise<LLMStream>;
  generate(prompt: string, options?: WholeOptions): Promise<LLMResult>;
  generate(prompt: string, options?: LLMCallOptions): Promise<LLMResult | LLMStream>;
  generate(prompt: string, options: LLMCallOptions = {}): Promise<LLMResult | LLMStream> {
    return this.#call("generate", [{ role: "user", content: prompt }], prompt, options);
  }

  /** Ends every stream still open (recorded as incomplete), then closes the provider. */
  async close(): Promise<void> {
    for (const run of [...this.#openRuns]) run.finish(true);
    await this.#provider?.close?.();
  }

  async #call(
    kind: LLMRequest["kind"],
    messages: LLMMessage[],
    prompt: string | null,
    options: LLMCallOptions,
  ): Promise<LLMResult | LLMStream> {
    const provider = this.#provider;
    if (!provider) {
      throw new InvalidConfigError([
        'genie.llm has no provider: set features.llm (e.g. "openai-compatible", "anthropic", ' +
          '"ollama") or pass a provider object.',
      ]);
    }
    // Attribution is read now, inside the caller's scope, even for a stream read later.
    const attribution = resolveAttribution(options, kind);
    const request: LLMRequest = {
      kind,
      messages,
      prompt,
      model: options.model,
      maxTokens: options.maxTokens,
      temperature: options.temperature,
      signal: options.signal,
    };
    const fallbackModel = request.model ?? provider.defaultModel ?? "unknown";
    if (options.stream === true) return this.#stream(provider, request, attribution, fallbackModel);

    const response = await provider.complete(request);
    const model = response.usage.modelName ?? fallbackModel;
    this.#record(buildUsageRecord(provider.name, model, response.usage, attribution, false));

    return {
      text: response.text,
      usage: response.usage,
      model,
      providerId: provider.name,
      raw: response.raw,
    };
  }

  async #stream(
    provider: LLMProvider,
    request: LLMRequest,
    attribution: CallAttribution,
    fallbackModel: string,
  ): Promise<LLMStream> {
    const source = await provider.stream(request);
    const signal = request.signal;
    const run: StreamRun = new StreamRun(source, (usage) => {
      this.#openRuns.delete(run);
      forgetRun(run);
      signal?.removeEventListener("abort", onAbort);
      const model = usage.modelName ?? fallbackModel;
      this.#record(buildUsageRecord(provider.name, model, usage, attribution, !usage.isComplete));
    });
    // An abort ends a stream nobody is reading too; a read in progress fails with the abort.
    const onAbort = (): void => run.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    this.#openRuns.add(run);
    if (signal?.aborted) run.abort(signal.reason);

    return createLLMStream(run, async (r) => {
      const usage = await r.usage;
      return {
        text: r.text,
        usage,
        model: usage.modelName ?? fallbackModel,
        providerId: provider.name,
      };
    });
  }

  /** Hands the record over without awaiting it; a failure is logged and counted, never thrown. */
  #record(record: UsageRecordInput): void {
    let pending: Promise<void>;
    try {
      pending = this.#usage.recordUsage(record);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.catch((error: unknown) => this.#usage.noteAutoRecordFailure(error));
  }
}
