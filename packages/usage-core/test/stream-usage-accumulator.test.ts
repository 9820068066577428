import { describe, expect, it } from "vitest";
import { createStreamUsageAccumulator, type UsageFormat } from "../src/index.js";
import { fixtureLines, fixtureSseEvents, type Json } from "./helpers/fixtures.js";

function accumulate(format: UsageFormat, events: readonly Json[]) {
  const accumulator = createStreamUsageAccumulator(format);
  for (const event of events) accumulator.push(event);

  return accumulator.result();
}

/** The last usage object a transcript carries, found independently of the code. */
function lastWith<T>(events: readonly Json[], pick: (e: Json) => T | null | undefined): T {
  const found = events.map(pick).filter((v) => v !== null && v !== undefined);
  return found[found.length - 1] as T;
}

describe("stream accumulators: the examples of the contract", () => {
  it("Anthropic: message_start input 25 / output 1, message_delta output 15", () => {
    const result = accumulate("anthropic", fixtureSseEvents("anthropic-stream.sse"));
    expect(result).toMatchObject({ promptTokens: 25, completionTokens: 15, totalTokens: 40 });
    expect(result.isComplete).toBe(true);
  });

  it("Anthropic: deltas of 8 then 15 are cumulative, the last wins", () => {
    const events = fixtureSseEvents("anthropic-stream-two-deltas.sse");
    expect(
      events.filter((e) => e.type === "message_delta").map((e) => e.usage.output_tokens),
    ).toEqual([8, 15]);
    const result = accumulate("anthropic", events);
    expect(result).toMatchObject({ promptTokens: 25, completionTokens: 15, totalTokens: 40 });
  });

  it("OpenAI-compatible running usage on every chunk: the last wins", () => {
    const events = fixtureSseEvents("openai-chat-stream-continuous.sse");
    expect(events.every((e) => e.usage)).toBe(true);
    const last = events[events.length - 1].usage;
    const result = accumulate("openai-chat", events);
    expect(result).toMatchObject({
      promptTokens: last.prompt_tokens,
      completionTokens: last.completion_tokens,
      totalTokens: last.total_tokens,
      cachedPromptTokens: last.prompt_tokens_details.cached_tokens,
      isComplete: true,
    });
    const summed = events.reduce((s, e) => s + e.usage.completion_tokens, 0);
    expect(result.completionTokens).not.toBe(summed);
  });

  it("OpenAI chat: usage only in the final chunk with empty choices", () => {
    const events = fixtureSseEvents("openai-chat-stream.sse");
    const final = events[events.length - 1];
    expect(final.choices).toEqual([]);
    expect(events.slice(0, -1).every((e) => e.usage === null)).toBe(true);
    const before = accumulate("openai-chat", events.slice(0, -1));
    expect(before.isComplete).toBe(false);
    expect(before.promptTokens).toBeNull();
    expect(accumulate("openai-chat", events)).toMatchObject({
      promptTokens: final.usage.prompt_tokens,
      completionTokens: final.usage.completion_tokens,
      totalTokens: final.usage.total_tokens,
      cachedPromptTokens: final.usage.prompt_tokens_details.cached_tokens,
      reasoningTokens: final.usage.completion_tokens_details.reasoning_tokens,
      modelName: final.model,
      isComplete: true,
    });
  });
});

describe("stream accumulators: every transcript", () => {
  it("OpenAI responses: usage of response.completed", () => {
    const events = fixtureSseEvents("openai-responses-stream.sse");
    const u = lastWith(events, (e) => e.response?.usage);
    expect(accumulate("openai-responses", events)).toMatchObject({
      promptTokens: u.input_tokens,
      completionTokens: u.output_tokens,
      reasoningTokens: u.output_tokens_details.reasoning_tokens,
      cachedPromptTokens: u.input_tokens_details.cached_tokens,
      totalTokens: u.total_tokens,
      isComplete: true,
    });
    expect(accumulate("openai-responses", events.slice(0, -1)).isComplete).toBe(false);
  });

  it("Anthropic with cache reads and writes: all are part of the prompt", () => {
    const events = fixtureSseEvents("anthropic-stream-cached.sse");
    const start = events[0].message.usage;
    const output = lastWith(events, (e) => e.usage?.output_tokens);
    const prompt =
      start.input_tokens + start.cache_read_input_tokens + start.cache_creation_input_tokens;
    expect(accumulate("anthropic", events)).toMatchObject({
      promptTokens: prompt,
      completionTokens: output,
      totalTokens: prompt + output,
      cachedPromptTokens: start.cache_read_input_tokens,
      cacheWriteTokens: start.cache_creation_input_tokens,
    });
  });

  it("Gemini: the last usageMetadata wins", () => {
    const events = fixtureSseEvents("gemini-stream.sse");
    const u = lastWith(events, (e) => e.usageMetadata);
    expect(accumulate("gemini", events)).toMatchObject({
      promptTokens: u.promptTokenCount,
      completionTokens: u.candidatesTokenCount + u.thoughtsTokenCount,
      reasoningTokens: u.thoughtsTokenCount,
      totalTokens: u.totalTokenCount,
      isComplete: true,
    });
    expect(accumulate("gemini", events.slice(0, 1)).isComplete).toBe(false);
  });

  it.each(["ollama-chat-stream.ndjson", "ollama-generate-stream.ndjson"])(
    "Ollama %s: counts of the done chunk",
    (file) => {
      const events = fixtureLines(file);
      const done = events.find((e) => e.done === true);
      expect(accumulate("ollama", events)).toMatchObject({
        promptTokens: done.prompt_eval_count,
        completionTokens: done.eval_count,
        totalTokens: done.prompt_eval_count + done.eval_count,
        modelName: done.model,
        isComplete: true,
      });
      const partial = accumulate("ollama", events.slice(0, 2));
      expect(partial).toMatchObject({ promptTokens: null, isComplete: false });
    },
  );

  it("Bedrock ConverseStream: the metadata event", () => {
    const events = fixtureLines("bedrock-converse-stream.jsonl");
    const u = lastWith(events, (e) => e.metadata?.usage);
    expect(accumulate("bedrock-converse", events)).toMatchObject({
      promptTokens: u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens,
      completionTokens: u.outputTokens,
      totalTokens: u.totalTokens,
      cachedPromptTokens: u.cacheReadInputTokens,
      isComplete: true,
    });
    const bare = accumulate("bedrock-converse", [events[events.length - 1].metadata]);
    expect(bare.totalTokens).toBe(u.totalTokens);
  });

  it("a stream cut before any usage knows nothing, and says so", () => {
    const events = fixtureSseEvents("anthropic-stream.sse").slice(0, 1);
    const result = accumulate("anthropic", events);
    expect(result).toMatchObject({ promptTokens: 25, completionTokens: 1, isComplete: false });
    expect(accumulate("openai-chat", [])).toMatchObject({ totalTokens: null, isComplete: false });
  });

  it("ignores events that are not objects", () => {
    const accumulator = createStreamUsageAccumulator("ollama");
    for (const junk of [null, undefined, "[DONE]", 3, []]) accumulator.push(junk);
    expect(accumulator.result()).toMatchObject({ promptTokens: null, isComplete: false });
  });
});
