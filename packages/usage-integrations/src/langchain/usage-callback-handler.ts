import { type CallAttribution, type LLMUsageInfo, resolveAttribution } from "@genie/usage-core";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import type { UsageMetadata } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { checkAttribution } from "../check-attribution.js";
import { noteFailure, recordInBackground } from "../record-in-background.js";
import type { UsageAttribution, UsageSink } from "../types.js";
import {
  type ChunkMessage,
  endUsage,
  type Meta,
  partialUsage,
  providerOf,
  reportedModel,
  stringOf,
} from "./run-usage.js";

/** What a run in flight has shown so far. */
interface RunState {
  readonly attribution: CallAttribution;
  readonly providerId: string;
  readonly requestedModel: string | null;
  readonly chunkUsages: UsageMetadata[];
  /** The model a chunk reported last (chunk merges concatenate strings). */
  chunkModel: string | null;
  /** Stops listening to the run's abort signal. */
  release(): void;
}

export interface UsageCallbackHandlerOptions {
  /**
   * LangChain reports nothing for a stream its caller breaks off without a
   * signal. Past this many open runs the oldest is taken as abandoned and
   * recorded incomplete, so such runs cannot pile up. Default 10,000.
   */
  maxOpenRuns?: number;
}

/**
 * A LangChain.js callback handler that records each LLM or chat model run once,
 * when it ends (or fails, marked `incomplete`), from the usage LangChain reports.
 * Attribution is read when the run starts.
 */
export class UsageCallbackHandler extends BaseCallbackHandler {
  name = "genie_usage";
  // Handlers run on the caller's path, so the run's withUsageContext scope is
  // in force when it starts. They only note state; nothing here awaits a store.
  override awaitHandlers = true;
  readonly #usage: UsageSink;
  readonly #attribution: UsageAttribution | undefined;
  readonly #runs = new Map<string, RunState>();
  readonly #maxOpenRuns: number;

  constructor(
    usage: UsageSink,
    attribution?: UsageAttribution,
    options: UsageCallbackHandlerOptions = {},
  ) {
    super();
    checkAttribution(attribution);
    this.#usage = usage;
    this.#attribution = attribution;
    this.#maxOpenRuns = Math.max(1, options.maxOpenRuns ?? 10_000);
  }

  override handleChatModelStart(
    llm: Serialized,
    _messages: unknown,
    runId: string,
    _parentRunId?: string,
    extraParams?: Meta,
    _tags?: string[],
    metadata?: Meta,
  ): void {
    this.#start(runId, "chat", llm, extraParams, metadata);
  }

  override handleLLMStart(
    llm: Serialized,
    _prompts: string[],
    runId: string,
    _parentRunId?: string,
    extraParams?: Meta,
    _tags?: string[],
    metadata?: Meta,
  ): void {
    this.#start(runId, "generate", llm, extraParams, metadata);
  }

  override handleLLMNewToken(
    _token: string,
    _idx: unknown,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    fields?: { chunk?: unknown },
  ): void {
    const run = this.#runs.get(runId);
    const message = (fields?.chunk as { message?: ChunkMessage } | undefined)?.message;
    if (!run || !message) return;
    if (message.usage_metadata) run.chunkUsages.push(message.usage_metadata);
    run.chunkModel = reportedModel(message.response_metadata) ?? run.chunkModel;
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    const run = this.#take(runId);
    if (!run) return;
    try {
      this.#record(run, endUsage(output, run), false);
    } catch (error) {
      noteFailure(this.#usage, error);
    }
  }

  override handleLLMError(_error: unknown, runId: string): void {
    this.#abandon(runId);
  }

  /** A run that failed, or whose signal aborted it (LangChain then reports nothing more). */
  #abandon(runId: string): void {
    const run = this.#take(runId);
    if (!run) return;
    try {
      this.#record(run, partialUsage(run), true);
    } catch (error) {
      noteFailure(this.#usage, error);
    }
  }

  #start(runId: string, callType: string, llm: Serialized, extra: Meta, metadata: Meta): void {
    const params = extra?.invocation_params as Meta;
    const signal = (extra?.options as Meta)?.signal;
    const onAbort = (): void => this.#abandon(runId);
    const oldest = this.#runs.size >= this.#maxOpenRuns ? this.#runs.keys().next() : undefined;
    if (oldest && !oldest.done) this.#abandon(oldest.value);
    if (signal instanceof AbortSignal) signal.addEventListener("abort", onAbort, { once: true });
    this.#runs.set(runId, {
      attribution: resolveAttribution(this.#attribution ?? {}, callType, "attribution"),
      providerId:
        this.#attribution?.providerId ?? stringOf(metadata?.ls_provider) ?? providerOf(llm),
      requestedModel:
        stringOf(metadata?.ls_model_name) ??
        stringOf(params?.model) ??
        stringOf(params?.model_name),
      chunkUsages: [],
      chunkModel: null,
      release: () => {
        if (signal instanceof AbortSignal) signal.removeEventListener("abort", onAbort);
      },
    });
  }

  #take(runId: string): RunState | undefined {
    const run = this.#runs.get(runId);
    this.#runs.delete(runId);
    run?.release();

    return run;
  }

  #record(run: RunState, usage: LLMUsageInfo, isIncomplete: boolean): void {
    recordInBackground(
      this.#usage,
      { providerId: run.providerId, requestedModel: run.requestedModel, usage, isIncomplete },
      run.attribution,
    );
  }
}
