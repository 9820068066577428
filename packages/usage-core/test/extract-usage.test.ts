import { describe, expect, it } from "vitest";
import {
  createStreamUsageAccumulator,
  extractUsage,
  UnknownUsageFormatError,
  USAGE_FORMATS,
  type UsageFormat,
} from "../src/index.js";
import { fixtureJson, type Json } from "./helpers/fixtures.js";

// Reference mapping of DESIGN §6, written from the table, per fixture.
const n = (v: unknown): number => (typeof v === "number" ? v : 0);

describe("extractUsage: the examples of the contract", () => {
  it("OpenAI chat: cached tokens are part of the prompt, not added on top", () => {
    const usage = extractUsage("openai-chat", fixtureJson("openai-chat.json"));
    expect(usage.promptTokens).toBe(17_903);
    expect(usage.promptTokens).not.toBe(35_720);
    expect(usage.cachedPromptTokens).toBe(17_817);
    expect(usage.completionTokens).toBe(200);
    expect(usage.totalTokens).toBe(18_103);
  });

  it("OpenAI responses: reasoning tokens are part of the output", () => {
    const usage = extractUsage("openai-responses", fixtureJson("openai-responses.json"));
    expect(usage.promptTokens).toBe(22_118);
    expect(usage.completionTokens).toBe(1_970);
    expect(usage.completionTokens).not.toBe(2_926);
    expect(usage.reasoningTokens).toBe(956);
  });

  it("Gemini: thoughts are added to the candidates for the completion", () => {
    const usage = extractUsage("gemini", fixtureJson("gemini.json"));
    expect(usage.promptTokens).toBe(15);
    expect(usage.completionTokens).toBe(1_020);
    expect(usage.reasoningTokens).toBe(661);
    expect(usage.totalTokens).toBe(1_035);
  });

  it("Ollama without prompt_eval_count: prompt unknown, completion as given", () => {
    const body = fixtureJson("ollama-chat-cached-prompt.json");
    expect(body.prompt_eval_count).toBeUndefined();
    const usage = extractUsage("ollama", body);
    expect(usage.promptTokens).toBeNull();
    expect(usage.completionTokens).toBe(body.eval_count);
    for (const value of Object.values(usage)) expect(Number.isNaN(value)).toBe(false);
  });
});

describe("extractUsage: every fixture against the table of DESIGN §6", () => {
  const cases: [UsageFormat, string, (b: Json) => Record<string, unknown>][] = [
    [
      "openai-chat",
      "openai-chat.json",
      (b) => ({
        promptTokens: b.usage.prompt_tokens,
        completionTokens: b.usage.completion_tokens,
        totalTokens: b.usage.total_tokens,
        cachedPromptTokens: b.usage.prompt_tokens_details.cached_tokens,
        cacheWriteTokens: null,
        reasoningTokens: b.usage.completion_tokens_details.reasoning_tokens,
        modelName: b.model,
      }),
    ],
    [
      "openai-responses",
      "openai-responses.json",
      (b) => ({
        promptTokens: b.usage.input_tokens,
        completionTokens: b.usage.output_tokens,
        totalTokens: b.usage.total_tokens,
        cachedPromptTokens: b.usage.input_tokens_details.cached_tokens,
        cacheWriteTokens: null,
        reasoningTokens: b.usage.output_tokens_details.reasoning_tokens,
        modelName: b.model,
      }),
    ],
    [
      "anthropic",
      "anthropic-message.json",
      (b) => {
        const u = b.usage;
        const prompt = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
        return {
          promptTokens: prompt,
          completionTokens: u.output_tokens,
          totalTokens: prompt + u.output_tokens,
          cachedPromptTokens: u.cache_read_input_tokens,
          cacheWriteTokens: u.cache_creation_input_tokens,
          reasoningTokens: null,
          modelName: b.model,
        };
      },
    ],
    ...(["gemini.json", "gemini-cached-tools.json"] as const).map(
      (file) =>
        [
          "gemini" as const,
          file,
          (b: Json) => {
            const u = b.usageMetadata;
            return {
              promptTokens: u.promptTokenCount + n(u.toolUsePromptTokenCount),
              completionTokens: u.candidatesTokenCount + n(u.thoughtsTokenCount),
              totalTokens: u.totalTokenCount,
              cachedPromptTokens: u.cachedContentTokenCount ?? null,
              cacheWriteTokens: null,
              reasoningTokens: u.thoughtsTokenCount ?? null,
              modelName: b.modelVersion,
            };
          },
        ] as [UsageFormat, string, (b: Json) => Record<string, unknown>],
    ),
    ...(["ollama-chat.json", "ollama-generate.json"] as const).map(
      (file) =>
        [
          "ollama" as const,
          file,
          (b: Json) => ({
            promptTokens: b.prompt_eval_count,
            completionTokens: b.eval_count,
            totalTokens: b.prompt_eval_count + b.eval_count,
            cachedPromptTokens: null,
            cacheWriteTokens: null,
            reasoningTokens: null,
            modelName: b.model,
          }),
        ] as [UsageFormat, string, (b: Json) => Record<string, unknown>],
    ),
    [
      "bedrock-converse",
      "bedrock-converse.json",
      (b) => {
        const u = b.usage;
        return {
          promptTokens: u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens,
          completionTokens: u.outputTokens,
          totalTokens: u.totalTokens,
          cachedPromptTokens: u.cacheReadInputTokens,
          cacheWriteTokens: u.cacheWriteInputTokens,
          reasoningTokens: null,
          modelName: null,
        };
      },
    ],
  ];

  it.each(cases)("%s: %s", (format, file, reference) => {
    const body = fixtureJson(file);
    expect(extractUsage(format, body)).toEqual(reference(body));
  });

  it("every format has a fixture case", () => {
    expect(new Set(cases.map(([format]) => format))).toEqual(new Set(USAGE_FORMATS));
  });

  it("keeps every part within its whole", () => {
    for (const [format, file] of cases) {
      const u = extractUsage(format, fixtureJson(file));
      expect(n(u.cachedPromptTokens) + n(u.cacheWriteTokens)).toBeLessThanOrEqual(
        n(u.promptTokens),
      );
      expect(n(u.reasoningTokens)).toBeLessThanOrEqual(n(u.completionTokens));
    }
  });
});

describe("extractUsage: missing and malformed input", () => {
  it.each(USAGE_FORMATS)("%s: no usage gives nulls, never NaN or a throw", (format) => {
    for (const body of [{}, null, "text", 42, { usage: "x", usageMetadata: [] }]) {
      const usage = extractUsage(format, body);
      expect(usage.promptTokens).toBeNull();
      expect(usage.completionTokens).toBeNull();
      expect(usage.totalTokens).toBeNull();
    }
  });

  it("treats negative, fractional and non-numeric counts as unknown", () => {
    const usage = extractUsage("openai-chat", {
      usage: { prompt_tokens: -3, completion_tokens: 2.5, total_tokens: "9" },
    });
    expect(usage.promptTokens).toBeNull();
    expect(usage.completionTokens).toBeNull();
    expect(usage.totalTokens).toBeNull();
  });

  it("fills an absent total with the sum of the known parts", () => {
    const usage = extractUsage("openai-chat", {
      usage: { prompt_tokens: 7, completion_tokens: 5 },
    });
    expect(usage.totalTokens).toBe(12);
  });

  it("does not add Bedrock cache counts that inputTokens already holds", () => {
    const usage = extractUsage("bedrock-converse", {
      usage: { inputTokens: 900, outputTokens: 100, totalTokens: 1000, cacheReadInputTokens: 800 },
    });
    expect(usage.promptTokens).toBe(900);
    expect(usage.cachedPromptTokens).toBe(800);
  });

  it("Anthropic without input_tokens: the prompt is the sum of the input parts given", () => {
    const bodies = [
      { cache_read_input_tokens: 100, output_tokens: 5 },
      { cache_creation_input_tokens: 40, output_tokens: 7 },
      { cache_read_input_tokens: 100, cache_creation_input_tokens: 40 },
    ];
    for (const usage of bodies) {
      const parts = [usage.cache_read_input_tokens, usage.cache_creation_input_tokens];
      const prompt = parts.reduce<number>((sum, part) => sum + (part ?? 0), 0);
      const expected = {
        promptTokens: prompt,
        completionTokens: usage.output_tokens ?? null,
        totalTokens: prompt + (usage.output_tokens ?? 0),
        cachedPromptTokens: usage.cache_read_input_tokens ?? null,
        cacheWriteTokens: usage.cache_creation_input_tokens ?? null,
      };
      expect(extractUsage("anthropic", { usage })).toMatchObject(expected);

      const accumulator = createStreamUsageAccumulator("anthropic");
      accumulator.push({ type: "message_start", message: { model: "m", usage } });
      accumulator.push({ type: "message_stop" });
      expect(accumulator.result()).toMatchObject({ ...expected, isComplete: true });
    }
  });

  it("rejects an unknown format", () => {
    expect(() => extractUsage("openai" as UsageFormat, {})).toThrow(UnknownUsageFormatError);
    expect(() => extractUsage("openai" as UsageFormat, {})).toThrow(
      /"openai" is not a usage format.*openai-chat/,
    );
  });
});
