import { Genie, resolveAttribution } from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import { usageFromSdk } from "../src/ai-sdk/map-usage.js";
import { usageOfChunks } from "../src/langchain/map-usage.js";
import { planChatStream } from "../src/openai/chat-completions.js";
import { recordInBackground } from "../src/record-in-background.js";
import type { UsageSink } from "../src/types.js";
import { createCapture } from "./helpers/capture.js";

describe("usageFromSdk (AI SDK usage)", () => {
  it("takes inputTokens.total as the prompt, cache reads and writes as its parts", () => {
    const usage = usageFromSdk(
      {
        inputTokens: { total: 2159, noCache: 21, cacheRead: 1950, cacheWrite: 188 },
        outputTokens: { total: 67, text: 40, reasoning: 27 },
      },
      "m",
    );

    expect(usage).toEqual({
      promptTokens: 2159,
      completionTokens: 67,
      totalTokens: 2159 + 67,
      cachedPromptTokens: 1950,
      cacheWriteTokens: 188,
      reasoningTokens: 27,
      modelName: "m",
    });
  });

  it("sums the parts when a provider gave no totals", () => {
    const usage = usageFromSdk(
      {
        inputTokens: { total: undefined, noCache: 10, cacheRead: 5, cacheWrite: undefined },
        outputTokens: { total: undefined, text: 7, reasoning: 3 },
      },
      null,
    );

    expect(usage).toMatchObject({ promptTokens: 15, completionTokens: 10, totalTokens: 25 });
  });

  it("keeps unknown counts unknown", () => {
    const none = { total: undefined, noCache: undefined, cacheRead: undefined };
    const usage = usageFromSdk(
      {
        inputTokens: { ...none, cacheWrite: undefined },
        outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      },
      null,
    );

    expect(usage).toMatchObject({ promptTokens: null, completionTokens: null, totalTokens: null });
  });
});

describe("usageOfChunks (LangChain streamed runs)", () => {
  const chunk = (input: number, output: number) => ({
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
  });

  it("leaves deltas to LangChain's sum: the input stated once", () => {
    expect(usageOfChunks([chunk(120, 0), chunk(0, 30)])).toBeUndefined();
    expect(usageOfChunks([chunk(0, 0), chunk(120, 30)])).toBeUndefined();
  });

  it("takes the last of running totals: the input stated again", () => {
    const last = chunk(120, 31);

    expect(usageOfChunks([chunk(120, 3), chunk(120, 17), last])).toBe(last);
  });
});

describe("planChatStream", () => {
  it("asks for usage, keeping the caller's other stream options", () => {
    const plan = planChatStream({
      model: "m",
      stream: true,
      stream_options: { include_usage: false, include_obfuscation: false } as never,
    });

    expect(plan.body).toEqual({
      model: "m",
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: false },
    });
  });

  it("hides the usage field and the usage-only chunk", () => {
    const { show } = planChatStream({ model: "m", stream: true });

    expect(show({ id: "a", choices: [{ index: 0 }], usage: null })).toEqual({
      id: "a",
      choices: [{ index: 0 }],
    });
    expect(show({ id: "a", choices: [], usage: { prompt_tokens: 1 } })).toBeUndefined();
    expect(show({ id: "a", choices: [{ index: 0 }] })).toEqual({
      id: "a",
      choices: [{ index: 0 }],
    });
  });
});

describe("recordInBackground", () => {
  const outcome = {
    // An empty providerId: the record is rejected by validation.
    providerId: "",
    requestedModel: "m",
    usage: {
      promptTokens: 10,
      completionTokens: 1,
      totalTokens: 11,
      cachedPromptTokens: 5,
      cacheWriteTokens: null,
      reasoningTokens: null,
    },
    isIncomplete: false,
  };

  it("counts a rejected record as an automatic recording failure", async () => {
    const genie = await Genie.create({
      features: { tokenUsageRecorder: "none" },
      pricing: { catalog: false },
    });
    recordInBackground(genie.usage, outcome, resolveAttribution({}, "chat"));
    await new Promise((resolve) => setImmediate(resolve));

    expect(genie.usage.stats().autoRecordFailures).toBe(1);
  });

  it("keeps a record whose cached count exceeds its prompt, without the cached count", async () => {
    const { genie, recorder } = await createCapture();
    const usage = { ...outcome.usage, cachedPromptTokens: outcome.usage.promptTokens + 40 };
    const impossible = { ...outcome, providerId: "openai", usage };
    recordInBackground(genie.usage, impossible, resolveAttribution({}, "chat"));
    await genie.usage.flush();

    expect(genie.usage.stats().autoRecordFailures).toBe(0);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      totalTokens: usage.totalTokens,
      cachedPromptTokens: null,
      customTags: { droppedCounts: "cachedPromptTokens" },
    });
  });

  it("throws nothing even when the sink and its failure counter both throw", () => {
    const sink: UsageSink = {
      recordUsage: () => {
        throw new Error("sync failure");
      },
      noteAutoRecordFailure: () => {
        throw new Error("counter failure");
      },
    };

    expect(() => recordInBackground(sink, outcome, resolveAttribution({}, "chat"))).not.toThrow();
  });
});
