import { describe, expect, it } from "vitest";
import { createPricer, InvalidConfigError, type PriceOverride, priceUsage } from "../src/index.js";
import { referenceCostUsd } from "./helpers/reference-cost.js";

const at = (iso: string): number => Date.parse(iso);
const T = at("2025-03-01T12:00:00Z");

function rates(providerId: string, modelName: string, extra: Partial<PriceOverride> = {}) {
  return { providerId, modelName, inputPerMillion: 1, outputPerMillion: 2, ...extra };
}

describe("pricing with overrides (the documented cases)", () => {
  const overrides: PriceOverride[] = [
    rates("openai", "gpt-4o", {
      inputPerMillion: 2.5,
      cachedInputPerMillion: 1.25,
      outputPerMillion: 10,
    }),
    rates("openai", "gpt-5", { inputPerMillion: 1.25, outputPerMillion: 10 }),
    rates("google", "gemini-2.5-flash", { inputPerMillion: 0.3, outputPerMillion: 2.5 }),
  ];
  const pricer = createPricer({ overrides });

  it("bills cached prompt tokens at the cached rate, never on top", () => {
    const cost = pricer.priceUsage({
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens: 17_903,
      cachedPromptTokens: 17_817,
      completionTokens: 200,
      timestamp: T,
    });
    expect(cost).toBe(0.02448625);
    expect(cost).toBe(
      referenceCostUsd([
        [86, 2.5],
        [17_817, 1.25],
        [200, 10],
      ]),
    );
  });

  it("bills reasoning once, as output", () => {
    const usage = {
      providerId: "openai",
      modelName: "gpt-5",
      promptTokens: 22_118,
      completionTokens: 1_970,
      reasoningTokens: 956,
      timestamp: T,
    };
    expect(pricer.priceUsage(usage)).toBe(0.0473475);
    expect(pricer.priceUsage(usage)).toBe(
      referenceCostUsd([
        [22_118, 1.25],
        [1_970, 10],
      ]),
    );
  });

  it("bills Gemini thinking as output", () => {
    const cost = pricer.priceUsage({
      providerId: "google",
      modelName: "gemini-2.5-flash",
      promptTokens: 15,
      completionTokens: 359 + 661,
      reasoningTokens: 661,
      timestamp: T,
    });
    expect(cost).toBe(0.0025545);
  });

  it("prices what is known when the completion is unknown", () => {
    const cost = pricer.priceUsage({
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens: 1_000,
      completionTokens: null,
      timestamp: T,
    });
    expect(cost).toBe(referenceCostUsd([[1_000, 2.5]]));
    expect(Number.isNaN(cost)).toBe(false);
  });

  it("leaves a record with no count at all unpriced rather than $0", () => {
    expect(pricer.priceUsage({ providerId: "openai", modelName: "gpt-4o", timestamp: T })).toBe(
      null,
    );
  });

  it("bills reasoning apart only when a reasoning price is given", () => {
    const apart = createPricer({
      overrides: [rates("x", "thinker", { outputPerMillion: 4, reasoningPerMillion: 7 })],
    });
    const cost = apart.priceUsage({
      providerId: "x",
      modelName: "thinker",
      promptTokens: 1_000,
      completionTokens: 3_000,
      reasoningTokens: 1_200,
      timestamp: T,
    });
    expect(cost).toBe(
      referenceCostUsd([
        [1_000, 1],
        [1_800, 4],
        [1_200, 7],
      ]),
    );
  });

  it("bills cache writes at their own rate and defaults cache rates to input", () => {
    const usage = {
      providerId: "anthropic",
      modelName: "claude-x",
      promptTokens: 10_000,
      cachedPromptTokens: 3_000,
      cacheWriteTokens: 2_000,
      completionTokens: 500,
      timestamp: T,
    };
    const own = { inputPerMillion: 3, outputPerMillion: 15 };
    const withRates = priceUsage(usage, {
      overrides: [
        rates("anthropic", "claude-x", {
          ...own,
          cachedInputPerMillion: 0.3,
          cacheWritePerMillion: 3.75,
        }),
      ],
    });
    expect(withRates).toBe(
      referenceCostUsd([
        [5_000, 3],
        [3_000, 0.3],
        [2_000, 3.75],
        [500, 15],
      ]),
    );
    const defaults = priceUsage(usage, { overrides: [rates("anthropic", "claude-x", own)] });
    expect(defaults).toBe(
      referenceCostUsd([
        [10_000, 3],
        [500, 15],
      ]),
    );
  });
});

describe("provider-reported cost", () => {
  it("wins over every price", () => {
    const pricer = createPricer({ overrides: [rates("openai", "gpt-4o")] });
    const usage = { providerId: "openai", modelName: "gpt-4o", promptTokens: 10, timestamp: T };
    expect(pricer.priceUsage({ ...usage, costUsd: 0.125 })).toBe(0.125);
    expect(pricer.priceUsage({ ...usage, costUsd: 0 })).toBe(0);
    expect(pricer.priceUsage(usage)).toBe(referenceCostUsd([[10, 1]]));
  });
});

describe("effective dates", () => {
  const pricer = createPricer({
    overrides: [
      rates("acme", "m1", { inputPerMillion: 4, effectiveFrom: "2025-06-01T00:00:00Z" }),
      rates("acme", "m1", { inputPerMillion: 3, effectiveFrom: new Date("2025-01-01T00:00:00Z") }),
    ],
  });
  const price = (timestamp: number) =>
    pricer.priceUsage({ providerId: "acme", modelName: "m1", promptTokens: 1_000_000, timestamp });

  it("applies the price in force at the record's timestamp", () => {
    expect(price(at("2024-12-31T23:59:59.999Z"))).toBe(null);
    expect(price(at("2025-01-01T00:00:00Z"))).toBe(3);
    expect(price(at("2025-05-31T23:59:59.999Z"))).toBe(3);
    expect(price(at("2025-06-01T00:00:00Z"))).toBe(4);
  });

  it("sums a range across a price change exactly", () => {
    const days = [
      at("2025-05-30T10:00:00Z"),
      at("2025-05-31T10:00:00Z"),
      at("2025-06-01T10:00:00Z"),
    ];
    const total = days.reduce((sum, day) => sum + (price(day) ?? 0), 0);
    expect(total).toBe(
      referenceCostUsd([
        [2_000_000, 3],
        [1_000_000, 4],
      ]),
    );
  });
});

describe("model names", () => {
  const overrides = [
    rates("openai", "gpt-4o", { inputPerMillion: 2.5 }),
    rates("anthropic", "claude-3-5-sonnet-20241022", { inputPerMillion: 3 }),
    rates("openai", "gpt-4o-2024-05-13", { inputPerMillion: 5 }),
  ];
  const pricer = createPricer({ overrides });
  const input = (providerId: string, modelName: string) =>
    pricer.priceUsage({ providerId, modelName, promptTokens: 1_000_000, timestamp: T });

  it("resolves a routing prefix to the underlying model", () => {
    expect(input("openai", "openai/gpt-4o")).toBe(2.5);
    expect(input("my-gateway", "openai/gpt-4o")).toBe(2.5);
    expect(input("my-gateway", "anthropic/claude-3-5-sonnet-20241022")).toBe(3);
  });

  it("resolves Bedrock region and inference-profile prefixes", () => {
    expect(input("bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe(3);
    expect(input("bedrock", "global.anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe(3);
    expect(input("bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe(3);
  });

  it("prices a dated snapshot as itself, never as its family", () => {
    expect(input("openai", "gpt-4o-2024-05-13")).toBe(5);
    expect(input("openai", "gpt-4o-2024-08-06")).toBe(null);
  });

  it("guesses nothing beyond the documented rules", () => {
    expect(input("openai", "gpt-4o-mini")).toBe(null);
    expect(input("openai", "GPT-4o")).toBe(2.5);
    expect(input("openai", "a/b/gpt-4o")).toBe(null);
    expect(input("anthropic", "xx.anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe(null);
  });
});

describe("unknown models", () => {
  it("stay null and warn once per model", () => {
    const warnings: string[] = [];
    const pricer = createPricer({ logger: { warn: (message: string) => warnings.push(message) } });
    for (let i = 0; i < 5; i += 1) {
      const cost = pricer.priceUsage({
        providerId: "ollama",
        modelName: "llama3.1",
        promptTokens: 9,
      });
      expect(cost).toBe(null);
    }
    pricer.priceUsage({ providerId: "ollama", modelName: "qwen3", promptTokens: 9 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('"llama3.1"');
    expect(warnings[0]).toContain("pricing.overrides");
  });
});

describe("a failing catalog", () => {
  it("leaves the record unpriced and logs the failure", () => {
    const errors: string[] = [];
    const pricer = createPricer({
      catalog: {
        name: "broken",
        lookup: () => {
          throw new Error("bad data");
        },
      },
      logger: { error: (message: string) => errors.push(message) },
    });
    const usage = { providerId: "p", modelName: "m", promptTokens: 5, timestamp: T };
    expect(pricer.priceUsage(usage)).toBe(null);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("broken");
  });
});

describe("override validation", () => {
  it("reports every bad override at once", () => {
    const bad = [
      { providerId: "", modelName: "m", inputPerMillion: 1, outputPerMillion: 1 },
      { providerId: "p", modelName: "m", inputPerMillion: -1, outputPerMillion: Number.NaN },
      {
        providerId: "p",
        modelName: "m",
        inputPerMillion: 1,
        outputPerMillion: 1,
        effectiveFrom: "soon",
      },
      { providerId: "p", modelName: "m", inputPerMillion: 1, outputPerMillion: 1, price: 3 },
    ] as unknown as PriceOverride[];
    let error: unknown;
    try {
      createPricer({ overrides: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const problems = (error as InvalidConfigError).problems.join("\n");
    expect(problems).toContain("overrides[0].providerId");
    expect(problems).toContain("overrides[1].inputPerMillion");
    expect(problems).toContain("overrides[1].outputPerMillion");
    expect(problems).toContain("overrides[2].effectiveFrom");
    expect(problems).toContain("overrides[3].price");
  });
});

describe("exact arithmetic", () => {
  it("stays exact past 2^53 intermediate products", () => {
    const pricer = createPricer({
      overrides: [
        rates("p", "m", { inputPerMillion: 123.456789123, outputPerMillion: 987.654321 }),
      ],
    });
    const usage = { providerId: "p", modelName: "m", timestamp: T };
    const cost = pricer.priceUsage({ ...usage, promptTokens: 7e9 + 3, completionTokens: 5e9 + 1 });
    expect(cost).toBe(
      referenceCostUsd([
        [7e9 + 3, 123.456789123],
        [5e9 + 1, 987.654321],
      ]),
    );
  });

  it("matches a decimal reference on many random records", () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 500; i += 1) {
      const input = next(40_000) / 1000;
      const cached = next(40_000) / 10_000;
      const write = next(40_000) / 1000;
      const output = next(200_000) / 1000;
      const prompt = next(3_000_000);
      const cachedTokens = next(prompt + 1);
      const writeTokens = next(prompt - cachedTokens + 1);
      const completion = next(3_000_000);
      const pricer = createPricer({
        overrides: [
          rates("p", "m", {
            inputPerMillion: input,
            cachedInputPerMillion: cached,
            cacheWritePerMillion: write,
            outputPerMillion: output,
          }),
        ],
      });
      const cost = pricer.priceUsage({
        providerId: "p",
        modelName: "m",
        promptTokens: prompt,
        cachedPromptTokens: cachedTokens,
        cacheWriteTokens: writeTokens,
        completionTokens: completion,
        timestamp: T,
      });
      const uncached = prompt - cachedTokens - writeTokens;
      expect(cost).toBe(
        referenceCostUsd([
          [uncached, input],
          [cachedTokens, cached],
          [writeTokens, write],
          [completion, output],
        ]),
      );
    }
  });
});
