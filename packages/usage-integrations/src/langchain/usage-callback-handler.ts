import { type CallAttribution, type LLMUsageInfo, resolveAttribution } from "@genie/usage-core";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import { mergeUsageMetadata, type UsageMetadata } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { noteFailure, recordInBackground } from "../record-in-background.js";
import type { UsageAttribution, UsageSink } from "../types.js";
import { usageFromMetadata, usageFromTokenUsage, usageOfChunks } from "./map-usage.js";

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

type Meta = Record<string, unknown> | undefined;

interface ChunkMessage {
  usage_metadata?: UsageMetadata;
  response_metadata?: Meta;
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

  constructor(usage: UsageSink, attribution?: UsageAttribution) {
    super();
    this.#usage = usage;
    this.#attribution = attribution;
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
      const known = usageOfChunks(run.chunkUsages) ?? sumOf(run.chunkUsages);
      const usage = known ? usageFromMetadata(known, null) : unknownUsage();
      this.#record(run, { ...usage, modelName: run.chunkModel }, true);
    } catch (error) {
      noteFailure(this.#usage, error);
    }
  }

  #start(runId: string, callType: string, llm: Serialized, extra: Meta, metadata: Meta): void {
    const params = extra?.invocation_params as Meta;
    const signal = (extra?.options as Meta)?.signal;
    const onAbort = (): void => this.#abandon(runId);
    if (signal instanceof AbortSignal) signal.addEventListener("abort", onAbort, { once: true });
    this.#runs.set(runId, {
      attribution: resolveAttribution(this.#attribution ?? {}, callType),
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

/** A finished run's usage: the chunks' running totals, else the final message's, else llmOutput's. */
function endUsage(output: LLMResult, run: RunState): LLMUsageInfo {
  const generation = output.generations.flat()[0] as { message?: ChunkMessage } | undefined;
  const reported =
    run.chunkModel ??
    reportedModel(generation?.message?.response_metadata) ??
    stringOf(output.llmOutput?.model_name);
  const usage = usageOfChunks(run.chunkUsages) ?? generation?.message?.usage_metadata;
  if (usage) return usageFromMetadata(usage, reported);

  return usageFromTokenUsage(output.llmOutput?.tokenUsage, reported);
}

function reportedModel(response: Meta): string | null {
  return stringOf(response?.model_name) ?? stringOf(response?.model);
}

function sumOf(usages: readonly UsageMetadata[]): UsageMetadata | undefined {
  return usages.length === 0 ? undefined : usages.reduce((a, b) => mergeUsageMetadata(a, b));
}

function unknownUsage(): LLMUsageInfo {
  return usageFromTokenUsage(undefined, null);
}

/** `["langchain", "chat_models", "openai", "ChatOpenAI"]` → `openai`. */
function providerOf(llm: Serialized): string {
  const id = Array.isArray(llm?.id) ? llm.id : [];

  return stringOf(id[id.length - 2]) ?? "langchain";
}

function stringOf(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}
