import type { LLMUsageInfo } from "@genie/usage-core";
import type { Serialized } from "@langchain/core/load/serializable";
import { mergeUsageMetadata, type UsageMetadata } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { usageFromMetadata, usageFromTokenUsage, usageOfChunks } from "./map-usage.js";

export type Meta = Record<string, unknown> | undefined;

/** The parts of a (chunk) message that carry usage and the model. */
export interface ChunkMessage {
  usage_metadata?: UsageMetadata;
  response_metadata?: Meta;
}

/** What the chunks of a streamed run have shown. */
export interface ChunkTrail {
  readonly chunkUsages: readonly UsageMetadata[];
  /** The model a chunk reported last (chunk merges concatenate strings). */
  readonly chunkModel: string | null;
}

/** A finished run's usage: the chunks' running totals, else the final message's, else llmOutput's. */
export function endUsage(output: LLMResult, trail: ChunkTrail): LLMUsageInfo {
  const generation = output.generations.flat()[0] as { message?: ChunkMessage } | undefined;
  const reported =
    trail.chunkModel ??
    reportedModel(generation?.message?.response_metadata) ??
    stringOf(output.llmOutput?.model_name);
  const usage = usageOfChunks(trail.chunkUsages) ?? generation?.message?.usage_metadata;
  if (usage) return usageFromMetadata(usage, reported);

  return usageFromTokenUsage(output.llmOutput?.tokenUsage, reported);
}

/** An abandoned run's usage: what its chunks showed, if anything. */
export function partialUsage(trail: ChunkTrail): LLMUsageInfo {
  const { chunkUsages } = trail;
  const known =
    usageOfChunks(chunkUsages) ??
    (chunkUsages.length > 0 ? chunkUsages.reduce((a, b) => mergeUsageMetadata(a, b)) : undefined);

  return known
    ? usageFromMetadata(known, trail.chunkModel)
    : usageFromTokenUsage(undefined, trail.chunkModel);
}

export function reportedModel(response: Meta): string | null {
  return stringOf(response?.model_name) ?? stringOf(response?.model);
}

/** `["langchain", "chat_models", "openai", "ChatOpenAI"]` → `openai`. */
export function providerOf(llm: Serialized): string {
  const id = Array.isArray(llm?.id) ? llm.id : [];

  return stringOf(id[id.length - 2]) ?? "langchain";
}

export function stringOf(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}
