import { toNanoRate } from "./cost-math.js";
import type { ModelPrices, NanoRates, PriceCatalog, PricePeriod, PriceRates } from "./types.js";
import type { ResolvedOverride } from "./validate-pricing.js";

/** Rates of an override; cache rates default to the input price, reasoning to output. */
export function nanoRatesOf(rates: PriceRates): NanoRates {
  const input = toNanoRate(rates.inputPerMillion);
  const output = toNanoRate(rates.outputPerMillion);

  return {
    input,
    cachedInput:
      rates.cachedInputPerMillion === undefined ? input : toNanoRate(rates.cachedInputPerMillion),
    cacheWrite:
      rates.cacheWritePerMillion === undefined ? input : toNanoRate(rates.cacheWritePerMillion),
    output,
    reasoning:
      rates.reasoningPerMillion === undefined ? output : toNanoRate(rates.reasoningPerMillion),
  };
}

function keyOf(providerId: string, modelName: string): string {
  return `${providerId.toLowerCase()}\u0000${modelName.toLowerCase()}`;
}

/**
 * The configured overrides as a catalog: exact provider and model (case
 * insensitive), each with its prices ordered by effective date.
 */
export function createOverrideCatalog(overrides: readonly ResolvedOverride[]): PriceCatalog {
  const byModel = new Map<string, ResolvedOverride[]>();
  for (const override of overrides) {
    const key = keyOf(override.providerId, override.modelName);
    const list = byModel.get(key) ?? [];
    list.push(override);
    byModel.set(key, list);
  }
  const prices = new Map<string, ModelPrices>();
  for (const [key, list] of byModel) {
    const periods: PricePeriod[] = [...list]
      .sort((a, b) => (a.effectiveFrom ?? -Infinity) - (b.effectiveFrom ?? -Infinity))
      .map((o) => ({
        constraint: o.effectiveFrom === null ? null : { kind: "from", at: o.effectiveFrom },
        tiers: [{ abovePromptTokens: 0, rates: nanoRatesOf(o) }],
      }));
    prices.set(key, { source: "override", periods });
  }

  return {
    name: "pricing.overrides",
    lookup: (providerId, modelName) => prices.get(keyOf(providerId, modelName)) ?? null,
  };
}
