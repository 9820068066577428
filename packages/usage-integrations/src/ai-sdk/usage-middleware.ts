import { type CallAttribution, resolveAttribution } from "@genie/usage-core";
import type { LanguageModelMiddleware } from "ai";
import { checkAttribution } from "../check-attribution.js";
import { noteFailure, recordInBackground } from "../record-in-background.js";
import type { UsageAttribution, UsageSink } from "../types.js";
import { type SdkUsage, usageFromSdk } from "./map-usage.js";
import { tapReadableStream } from "./tap-readable-stream.js";

interface ModelCall {
  readonly usage: UsageSink;
  readonly attribution: CallAttribution;
  readonly providerId: string;
  readonly modelId: string;
}

/**
 * Middleware for `wrapLanguageModel` that records every model call: each step of
 * a multi-step `generateText` or `streamText` is its own call and its own record.
 */
export function createUsageMiddleware(
  usage: UsageSink,
  attribution?: UsageAttribution,
): LanguageModelMiddleware {
  checkAttribution(attribution);
  const callOf = (model: { provider: string; modelId: string }): ModelCall => ({
    usage,
    attribution: resolveAttribution(attribution ?? {}, "chat", "attribution"),
    providerId: attribution?.providerId ?? providerIdOf(model.provider),
    modelId: model.modelId,
  });

  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate, model }) {
      const call = callOf(model);
      const result = await doGenerate();
      record(call, result.usage, result.response?.modelId, false);

      return result;
    },
    async wrapStream({ doStream, model }) {
      const call = callOf(model);
      const result = await doStream();
      let usage: SdkUsage | undefined;
      let modelId: string | undefined;
      const stream = tapReadableStream(result.stream, {
        onItem(part) {
          if (part.type === "response-metadata") modelId = part.modelId ?? modelId;
          else if (part.type === "finish") usage = part.usage;
        },
        onEnd(complete) {
          record(call, usage, modelId, !complete || usage === undefined);
        },
      });

      return { ...result, stream };
    },
  };
}

/** `openai.chat` → `openai`: the SDK names a provider and its API together. */
function providerIdOf(provider: string): string {
  return provider.split(".")[0] || provider;
}

function record(
  call: ModelCall,
  sdkUsage: SdkUsage | undefined,
  reportedModel: string | undefined,
  isIncomplete: boolean,
): void {
  try {
    recordInBackground(
      call.usage,
      {
        providerId: call.providerId,
        requestedModel: call.modelId,
        usage: usageFromSdk(sdkUsage, reportedModel ?? null),
        isIncomplete,
      },
      call.attribution,
    );
  } catch (error) {
    noteFailure(call.usage, error);
  }
}
