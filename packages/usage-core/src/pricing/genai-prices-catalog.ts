import type {
  ConditionalPrice,
  ModelInfo,
  ModelPrice,
  Provider,
  ProviderFindOptions,
} from "@pydantic/genai-prices";
import { toNanoRate } from "./cost-math.js";
import { matchesLogic, withDashedDates } from "./match-logic.js";
import type {
  ModelPrices,
  NanoRates,
  PriceCatalog,
  PriceConstraint,
  PricePeriod,
  RateTier,
} from "./types.js";

type FindProvider = (options: ProviderFindOptions) => Provider | undefined;
type PriceValue = ModelPrice[string];

/** The catalog's price keys for the token kinds a record counts. */
const KEYS = {
  input: "input_mtok",
  cachedInput: "cache_read_mtok",
  cacheWrite: "cache_write_mtok",
  output: "output_mtok",
  reasoning: "output_reasoning_mtok",
} as const;

function tierStarts(value: PriceValue): number[] {
  return typeof value === "object" ? value.tiers.map((t) => t.start) : [];
}

/** The key's price when the prompt holds more than `above` tokens (the catalog's rule). */
function priceAbove(value: PriceValue, above: number): number | undefined {
  if (value === undefined || typeof value === "number") return value;
  let price = value.base;
  for (const tier of value.tiers) if (above >= tier.start) price = tier.price;

  return price;
}

function ratesAbove(prices: ModelPrice, above: number): NanoRates | null {
  const input = priceAbove(prices[KEYS.input], above);
  if (input === undefined) return null;
  // Embedding models list no output price: they produce no output tokens.
  const output = priceAbove(prices[KEYS.output], above) ?? 0;
  const rate = (key: string, fallback: number): number =>
    toNanoRate(priceAbove(prices[key], above) ?? fallback);

  return {
    input: toNanoRate(input),
    cachedInput: rate(KEYS.cachedInput, input),
    cacheWrite: rate(KEYS.cacheWrite, input),
    output: toNanoRate(output),
    reasoning: rate(KEYS.reasoning, output),
  };
}

function tiersOf(prices: ModelPrice): RateTier[] | null {
  const starts = new Set<number>([0]);
  for (const key of Object.values(KEYS)) for (const s of tierStarts(prices[key])) starts.add(s);
  const tiers: RateTier[] = [];
  for (const above of [...starts].sort((a, b) => a - b)) {
    const rates = ratesAbove(prices, above);
    if (rates === null) return null;
    tiers.push({ abovePromptTokens: above, rates });
  }

  return tiers;
}

function secondOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) return Number.NaN;
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const offset =
    m[4] === "Z" ? 0 : (Number(m[6]) * 3600 + Number(m[7]) * 60) * (m[5] === "+" ? 1 : -1);

  return (((local - offset) % 86_400) + 86_400) % 86_400;
}

function constraintOf(price: ConditionalPrice): PriceConstraint | null | undefined {
  const c = price.constraint;
  if (c === undefined) return null;
  if (c.type === "start_date") {
    const at = Date.parse(c.start_date);
    return Number.isFinite(at) ? { kind: "from", at } : undefined;
  }
  if (c.type === "time_of_date") {
    const startSecond = secondOfDay(c.start_time);
    const endSecond = secondOfDay(c.end_time);
    if (Number.isNaN(startSecond) || Number.isNaN(endSecond)) return undefined;
    return { kind: "daily", startSecond, endSecond };
  }

  return undefined;
}

/** A catalog model's prices, or null when they hold a kind this library cannot apply. */
export function compileModel(source: string, model: ModelInfo): ModelPrices | null {
  const list: ConditionalPrice[] = Array.isArray(model.prices)
    ? model.prices
    : [{ prices: model.prices }];
  const periods: PricePeriod[] = [];
  for (const price of list) {
    const constraint = constraintOf(price);
    const tiers = tiersOf(price.prices);
    if (constraint === undefined || tiers === null) return null;
    periods.push({ constraint, tiers });
  }

  return { source, periods };
}

function findModel(
  find: FindProvider,
  provider: Provider,
  name: string,
): { provider: Provider; model: ModelInfo } | null {
  const model = provider.models.find((m) => matchesLogic(m.match, name));
  if (model) return { provider, model };
  for (const id of provider.fallback_model_providers ?? []) {
    const fallback = find({ providerId: id });
    const found = fallback?.models.find((m) => matchesLogic(m.match, name));
    if (fallback && found) return { provider: fallback, model: found };
  }

  return null;
}

/**
 * A catalog over the data bundled in `@pydantic/genai-prices`: the provider by
 * the catalog's provider matching, the model by its match rules (then its
 * fallback providers, then the name with dashed snapshot dates). Never fetches.
 */
export function createGenaiPricesCatalog(find: FindProvider): PriceCatalog {
  return {
    name: "@pydantic/genai-prices",
    lookup(providerId, modelName) {
      const provider = find({ providerId });
      if (!provider) return null;
      const dashed = withDashedDates(modelName);
      const found =
        findModel(find, provider, modelName) ??
        (dashed === null ? null : findModel(find, provider, dashed));

      return found ? compileModel(`${found.provider.id}/${found.model.id}`, found.model) : null;
    },
  };
}

/** Loads the bundled catalog (no network: the data ships inside the package). */
export async function loadPriceCatalog(): Promise<PriceCatalog> {
  const { findProvider } = await import("@pydantic/genai-prices");

  return createGenaiPricesCatalog(findProvider);
}
