import { findProvider, type ModelInfo, type ModelPrice } from "@pydantic/genai-prices";
import { beforeAll, describe, expect, it } from "vitest";
import { createPricer, loadPriceCatalog, type Pricer, type PricingInput } from "../src/index.js";
import { type PricedPart, referenceCostUsd } from "./helpers/reference-cost.js";

const T = Date.parse("2025-09-01T12:00:00Z");

/** A model's entry as the catalog's own data lists it. */
function catalogModel(providerId: string, modelId: string): ModelInfo {
  const model = findProvider({ providerId })?.models.find((m) => m.id === modelId);
  if (!model) throw new Error(`the catalog has no ${providerId}/${modelId}`);

  return model;
}

/** The flat per-million prices of a model without dated or tiered prices. */
function flatPrices(providerId: string, modelId: string): Record<string, number> {
  const prices = catalogModel(providerId, modelId).prices;
  if (Array.isArray(prices)) throw new Error(`${modelId} has dated prices`);
  const flat: Record<string, number> = {};
  for (const [key, value] of Object.entries(prices as ModelPrice))
    if (typeof value === "number") flat[key] = value;

  return flat;
}

let pricer: Pricer;
beforeAll(async () => {
  pricer = createPricer({ catalog: await loadPriceCatalog() });
});

const price = (usage: PricingInput): number | null => pricer.priceUsage({ timestamp: T, ...usage });

describe("the bundled catalog prices the documented cases", () => {
  it("OpenAI chat with a cached prompt (gpt-4o)", () => {
    const p = flatPrices("openai", "gpt-4o");
    expect(p.cache_read_mtok).toBeLessThan(p.input_mtok!);
    const parts: PricedPart[] = [
      [17_903 - 17_817, p.input_mtok!],
      [17_817, p.cache_read_mtok!],
      [200, p.output_mtok!],
    ];
    const cost = price({
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens: 17_903,
      cachedPromptTokens: 17_817,
      completionTokens: 200,
    });
    expect(cost).toBe(referenceCostUsd(parts));
  });

  it("Responses API with reasoning billed once (gpt-5)", () => {
    const p = flatPrices("openai", "gpt-5");
    const cost = price({
      providerId: "openai",
      modelName: "gpt-5",
      promptTokens: 22_118,
      completionTokens: 1_970,
      reasoningTokens: 956,
    });
    expect(cost).toBe(
      referenceCostUsd([
        [22_118, p.input_mtok!],
        [1_970, p.output_mtok!],
      ]),
    );
  });

  it("Gemini with thinking billed as output (gemini-2.5-flash)", () => {
    const p = flatPrices("google", "gemini-2.5-flash");
    const usage = { modelName: "gemini-2.5-flash", promptTokens: 15, completionTokens: 1_020 };
    const expected = referenceCostUsd([
      [15, p.input_mtok!],
      [1_020, p.output_mtok!],
    ]);
    expect(price({ ...usage, providerId: "google", reasoningTokens: 661 })).toBe(expected);
    expect(price({ ...usage, providerId: "gemini", reasoningTokens: 661 })).toBe(expected);
  });

  it("Anthropic with cache reads and writes (claude-sonnet-4 snapshot)", () => {
    const p = flatPrices("anthropic", "claude-sonnet-4-0");
    expect(p.cache_write_mtok).toBeGreaterThan(p.input_mtok!);
    const cost = price({
      providerId: "anthropic",
      modelName: "claude-sonnet-4-20250514",
      promptTokens: 4_740 + 1_200 + 30_000,
      cacheWriteTokens: 4_735,
      cachedPromptTokens: 30_000,
      completionTokens: 255,
    });
    expect(cost).toBe(
      referenceCostUsd([
        [4_740 + 1_200 - 4_735, p.input_mtok!],
        [4_735, p.cache_write_mtok!],
        [30_000, p.cache_read_mtok!],
        [255, p.output_mtok!],
      ]),
    );
  });
});

describe("catalog names, snapshots and dates", () => {
  const million = (providerId: string, modelName: string, timestamp = T) =>
    price({ providerId, modelName, promptTokens: 1_000_000, timestamp });

  it("gives a dated snapshot its own price, not the family's", () => {
    const family = flatPrices("openai", "gpt-4o").input_mtok!;
    const may = flatPrices("openai", "gpt-4o-2024-05-13").input_mtok!;
    expect(may).not.toBe(family);
    expect(million("openai", "gpt-4o-2024-05-13")).toBe(referenceCostUsd([[1e6, may]]));
    expect(million("openai", "gpt-4o-2024-08-06")).toBe(referenceCostUsd([[1e6, family]]));
  });

  it("resolves routing and Bedrock prefixes to the underlying model", () => {
    const gpt4o = referenceCostUsd([[1e6, flatPrices("openai", "gpt-4o").input_mtok!]]);
    expect(million("openai", "openai/gpt-4o")).toBe(gpt4o);
    expect(million("azure", "gpt-4o")).toBe(gpt4o);
    const bedrock = flatPrices("aws", "regional.anthropic.claude-3-5-sonnet-20241022-v2:0");
    const expected = referenceCostUsd([[1e6, bedrock.input_mtok!]]);
    expect(million("bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe(expected);
  });

  it("applies the price in force at the record's timestamp (o3's price cut)", () => {
    const prices = catalogModel("openai", "o3").prices;
    if (!Array.isArray(prices)) throw new Error("o3 lost its dated prices");
    const change = prices.find((p) => p.constraint?.type === "start_date");
    if (change?.constraint?.type !== "start_date") throw new Error("no start_date price");
    const from = Date.parse(change.constraint.start_date);
    const before = prices[0]!.prices.input_mtok as number;
    const after = change.prices.input_mtok as number;
    expect(after).not.toBe(before);
    expect(million("openai", "o3", from - 1)).toBe(referenceCostUsd([[1e6, before]]));
    expect(million("openai", "o3", from)).toBe(referenceCostUsd([[1e6, after]]));
  });

  it("applies a time-of-day price inside its daily window only", () => {
    const prices = catalogModel("deepseek", "deepseek-chat").prices;
    if (!Array.isArray(prices)) throw new Error("deepseek-chat lost its time-of-day prices");
    const daily = prices.find((p) => p.constraint?.type === "time_of_date");
    if (daily?.constraint?.type !== "time_of_date") throw new Error("no time_of_date price");
    const opens = Date.parse(`2025-03-03T${daily.constraint.start_time}`);
    const closes = Date.parse(`2025-03-03T${daily.constraint.end_time}`);
    const inside = daily.prices.input_mtok as number;
    const outside = prices[0]!.prices.input_mtok as number;
    expect(million("deepseek", "deepseek-chat", opens)).toBe(referenceCostUsd([[1e6, inside]]));
    expect(million("deepseek", "deepseek-chat", closes - 1)).toBe(
      referenceCostUsd([[1e6, inside]]),
    );
    expect(million("deepseek", "deepseek-chat", opens - 1)).toBe(
      referenceCostUsd([[1e6, outside]]),
    );
    expect(million("deepseek", "deepseek-chat", closes)).toBe(referenceCostUsd([[1e6, outside]]));
  });

  it("prices a long prompt at the catalog's tier above its threshold", () => {
    const input = catalogModel("anthropic", "claude-sonnet-4-5").prices as ModelPrice;
    const tiered = input.input_mtok;
    if (typeof tiered !== "object") throw new Error("claude-sonnet-4-5 lost its tiers");
    const tier = tiered.tiers[0]!;
    const usage = { providerId: "anthropic", modelName: "claude-sonnet-4-5" };
    expect(price({ ...usage, promptTokens: tier.start })).toBe(
      referenceCostUsd([[tier.start, tiered.base]]),
    );
    expect(price({ ...usage, promptTokens: tier.start + 1 })).toBe(
      referenceCostUsd([[tier.start + 1, tier.price]]),
    );
  });

  it("lets an override win over the catalog", async () => {
    const withOverride = createPricer({
      catalog: await loadPriceCatalog(),
      overrides: [
        { providerId: "openai", modelName: "gpt-4o", inputPerMillion: 7, outputPerMillion: 9 },
      ],
    });
    const usage = { providerId: "openai", modelName: "gpt-4o", promptTokens: 1e6, timestamp: T };
    expect(flatPrices("openai", "gpt-4o").input_mtok).not.toBe(7);
    expect(withOverride.priceUsage(usage)).toBe(7);
    expect(withOverride.priceUsage({ ...usage, modelName: "gpt-4o-2024-05-13" })).toBe(
      referenceCostUsd([[1e6, flatPrices("openai", "gpt-4o-2024-05-13").input_mtok!]]),
    );
  });

  it("knows no price for a local model", () => {
    expect(million("ollama", "llama3.1")).toBe(null);
  });
});
