import { findProvider, type ModelPrice } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { Genie, InvalidConfigError, type PriceOverride, resolveConfig } from "../src/index.js";
import { ArrayRecorder } from "./helpers/array-recorder.js";
import { referenceCostUsd } from "./helpers/reference-cost.js";

const overrides: PriceOverride[] = [
  {
    providerId: "azure",
    modelName: "trace-model",
    inputPerMillion: 2.5,
    cachedInputPerMillion: 1.25,
    outputPerMillion: 10,
  },
];
const T = Date.parse("2025-02-01T00:00:00Z");

async function start(pricing: object = { catalog: false, overrides }) {
  const recorder = new ArrayRecorder();
  const warnings: string[] = [];
  const genie = await Genie.create({
    features: { tokenUsageRecorder: recorder },
    pricing,
    logger: { warn: (message: string) => warnings.push(message) },
    root: process.cwd(),
  });

  return { genie, recorder, warnings };
}

describe("the facade prices records before fan-out", () => {
  it("fills costUsd, keeps a provider's cost and leaves unknown models unpriced", async () => {
    const { genie, recorder, warnings } = await start();
    const base = { providerId: "azure", modelName: "trace-model", timestamp: T };
    await genie.usage.recordUsage({
      ...base,
      promptTokens: 17_903,
      cachedPromptTokens: 17_817,
      completionTokens: 200,
    });
    await genie.usage.recordUsage({
      ...base,
      promptTokens: 100,
      completionTokens: 10,
      costUsd: 0.5,
    });
    for (let i = 0; i < 3; i += 1)
      await genie.usage.recordUsage({
        providerId: "ollama",
        modelName: "llama3.1",
        promptTokens: 40,
        completionTokens: 2,
        timestamp: T,
      });
    await genie.usage.recordBatch([
      { ...base, promptTokens: 1_000, completionTokens: null },
      { providerId: "ollama", modelName: "llama3.1", promptTokens: 7, timestamp: T },
    ]);

    expect(recorder.records.map((r) => r.costUsd)).toEqual([
      0.02448625,
      0.5,
      null,
      null,
      null,
      referenceCostUsd([[1_000, 2.5]]),
      null,
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("llama3.1");

    const summary = await genie.usage.getSummary();
    expect(summary.totalCostUsd).toBe(
      referenceCostUsd([
        [86, 2.5],
        [17_817, 1.25],
        [200, 10],
        [1_000, 2.5],
        [1_000_000, 0.5],
      ]),
    );
    expect(summary.unpricedRecords).toBe(4);
    expect(summary.byModel["trace-model"]?.costUsd).toBe(summary.totalCostUsd);
    expect(summary.byModel["llama3.1"]).toMatchObject({ costUsd: 0, unpricedRecords: 4 });
    expect(summary.unpricedTokens).toBe(3 * 42 + 7);
    await genie.close();
  });

  it("prices from the bundled catalog by default", async () => {
    const { genie, recorder } = await start({});
    await genie.usage.recordUsage({
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens: 10,
      timestamp: T,
    });
    const gpt4o = findProvider({ providerId: "openai" })?.models.find((m) => m.id === "gpt-4o");
    const input = (gpt4o?.prices as ModelPrice | undefined)?.input_mtok;
    expect(recorder.records[0]?.costUsd).toBe(referenceCostUsd([[10, input as number]]));
    await genie.close();
  });

  it("records without prices when the catalog is off and nothing is overridden", async () => {
    const { genie, recorder, warnings } = await start({ catalog: false });
    await genie.usage.recordUsage({
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens: 10,
      timestamp: T,
    });
    expect(recorder.records[0]?.costUsd).toBe(null);
    expect(warnings).toEqual([]);
    await genie.close();
  });

  it("reads the catalog switch from the environment, config first", () => {
    const off = { GENIE_USAGE_PRICING_CATALOG: "off" };
    expect(resolveConfig({ env: off, root: process.cwd() }).pricing.catalog).toBe(false);
    const explicit = { env: off, root: process.cwd(), pricing: { catalog: true } };
    expect(resolveConfig(explicit).pricing.catalog).toBe(true);
    expect(resolveConfig({ env: {}, root: process.cwd() }).pricing.catalog).toBe(true);
  });

  it("rejects a bad pricing config with the other config problems", async () => {
    await expect(
      Genie.create({
        features: { tokenUsageRecorder: "none" },
        pricing: { catalog: "yes", overrides: [{ providerId: "p" }], extra: 1 } as never,
        root: process.cwd(),
      }),
    ).rejects.toSatisfy((error: unknown) => {
      if (!(error instanceof InvalidConfigError)) return false;
      const text = error.problems.join("\n");
      return (
        text.includes("pricing.catalog") &&
        text.includes("pricing.extra") &&
        text.includes("pricing.overrides[0].modelName") &&
        text.includes("pricing.overrides[0].inputPerMillion")
      );
    });
  });
});
