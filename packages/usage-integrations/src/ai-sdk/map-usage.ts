import type { LLMUsageInfo } from "@genie/usage-core";
import type { LanguageModelMiddleware } from "ai";

type WrapGenerate = NonNullable<LanguageModelMiddleware["wrapGenerate"]>;
/** The AI SDK's usage of one model call (`LanguageModelV3Usage`). */
export type SdkUsage = Awaited<ReturnType<Parameters<WrapGenerate>[0]["doGenerate"]>>["usage"];

/**
 * The SDK's usage in the record's terms. `inputTokens.total` already holds the
 * cache reads and writes (`noCache + cacheRead + cacheWrite`), so they are
 * parts of the prompt, never added to it; likewise reasoning within output.
 */
export function usageFromSdk(usage: SdkUsage | undefined, modelName: string | null): LLMUsageInfo {
  const input = usage?.inputTokens;
  const output = usage?.outputTokens;
  const promptTokens =
    input?.total ?? sumOfParts(input?.noCache, input?.cacheRead, input?.cacheWrite);
  const completionTokens = output?.total ?? sumOfParts(output?.text, output?.reasoning);

  return {
    promptTokens,
    completionTokens,
    totalTokens:
      promptTokens === null && completionTokens === null
        ? null
        : (promptTokens ?? 0) + (completionTokens ?? 0),
    cachedPromptTokens: input?.cacheRead ?? null,
    cacheWriteTokens: input?.cacheWrite ?? null,
    reasoningTokens: output?.reasoning ?? null,
    modelName,
  };
}

/** The whole from its parts, when the first (the part every provider reports) is known. */
function sumOfParts(first: number | undefined, ...rest: (number | undefined)[]): number | null {
  if (first === undefined) return null;

  return rest.reduce<number>((sum, part) => sum + (part ?? 0), first);
}
