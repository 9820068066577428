import { InvalidConfigError } from "../errors.js";
import { normalizeLogger } from "../logger.js";
import type { Logger, UsageRecord } from "../types.js";
import { validateUsageRecord } from "../validate-record.js";
import {
  type CompiledPrices,
  compilePrices,
  priceWith,
  ratesAt,
  type SplitRates,
} from "./cost-math.js";
import { type PriceKey, priceKeys } from "./model-names.js";
import { createOverrideCatalog } from "./override-catalog.js";
import type { ModelPrices, PriceCatalog, PriceOverride, PricingInput } from "./types.js";
import { type ResolvedOverride, resolvePricing } from "./validate-pricing.js";

export interface PricerOptions {
  /** Where prices come from when no override applies; see `loadPriceCatalog()`. */
  catalog?: PriceCatalog | null;
  /** Prices that always win, per provider and model, from an effective date. */
  overrides?: readonly PriceOverride[];
  logger?: Partial<Logger>;
}

/** Both price lists a model can have; overrides are tried first. */
interface Resolved {
  readonly override: CompiledPrices | null;
  readonly catalog: CompiledPrices | null;
  /** The rates when they never vary (no dates, tiers or fallback): the fast path. */
  readonly fixed: SplitRates | null;
}

// Model names are caller data: bound what is remembered about them.
const MAX_CACHED_MODELS = 10_000;
const MAX_WARNED_MODELS = 1_000;

/** Prices records from overrides, then a catalog; lookups cached per provider and model. */
export class Pricer {
  readonly #override: PriceCatalog;
  readonly #catalog: PriceCatalog | null;
  readonly #logger: Logger;
  readonly #cache = new Map<string, Map<string, Resolved | null>>();
  readonly #warned = new Set<string>();
  #cached = 0;
  // The last model priced: most applications record one model many times in a row.
  #lastProvider = "";
  #lastModel = "";
  #lastResolved: Resolved | null = null;

  /** Takes validated overrides; `createPricer` validates them first. */
  constructor(
    catalog: PriceCatalog | null,
    overrides: readonly ResolvedOverride[],
    logger: Logger,
  ) {
    this.#override = createOverrideCatalog(overrides);
    this.#catalog = catalog;
    this.#logger = logger;
  }

  /**
   * The cost in USD of a validated record, or null when its model has no price
   * at its timestamp. The record's own `costUsd`, when given, is not looked at.
   */
  priceRecord(record: UsageRecord): number | null {
    const { providerId, modelName } = record;
    let resolved: Resolved | null | undefined;
    if (modelName === this.#lastModel && providerId === this.#lastProvider) {
      resolved = this.#lastResolved;
    } else {
      resolved = this.#lookup(providerId, modelName);
      this.#lastProvider = providerId;
      this.#lastModel = modelName;
      this.#lastResolved = resolved;
    }
    if (resolved === null) return null;

    const rates = resolved.fixed ?? ratesOf(resolved, record);

    return rates === null ? null : priceWith(rates, record);
  }

  /** Validates `usage` as a record; its own `costUsd` wins, else it is priced. */
  priceUsage(usage: PricingInput): number | null {
    const record = validateUsageRecord(usage);

    return record.costUsd ?? this.priceRecord(record);
  }

  #lookup(providerId: string, modelName: string): Resolved | null {
    let byModel = this.#cache.get(providerId);
    if (byModel === undefined) {
      byModel = new Map();
      this.#cache.set(providerId, byModel);
    }
    let resolved = byModel.get(modelName);
    if (resolved === undefined) {
      resolved = this.#resolve(providerId, modelName);
      this.#remember(byModel, modelName, resolved);
    }

    return resolved;
  }

  #remember(byModel: Map<string, Resolved | null>, model: string, resolved: Resolved | null): void {
    if (this.#cached >= MAX_CACHED_MODELS) {
      this.#cache.clear();
      this.#cached = 0;
    }
    this.#cached += 1;
    byModel.set(model, resolved);
  }

  #resolve(providerId: string, modelName: string): Resolved | null {
    const keys = priceKeys(providerId, modelName);
    const overridePrices = this.#first(this.#override, keys);
    const catalogPrices = this.#first(this.#catalog, keys);
    if (overridePrices || catalogPrices) {
      const override = overridePrices && compilePrices(overridePrices);
      const catalog = catalogPrices && compilePrices(catalogPrices);
      const alwaysOverride = override?.periods[0]?.constraint === null;
      const fixed = override ? (alwaysOverride ? override.fixed : null) : (catalog?.fixed ?? null);
      return { override, catalog, fixed };
    }
    this.#warnUnknown(providerId, modelName);

    return null;
  }

  // A failing lookup (a custom catalog's bug) must not fail the recording: no price.
  #first(catalog: PriceCatalog | null, keys: readonly PriceKey[]): ModelPrices | null {
    if (catalog === null) return null;
    try {
      for (const key of keys) {
        const prices = catalog.lookup(key.providerId, key.modelName);
        if (prices) return prices;
      }
    } catch (error) {
      this.#logger.error(`The price list ${catalog.name} failed to look a model up.`, {
        providerId: keys[0]?.providerId,
        modelName: keys[0]?.modelName,
        error: String(error),
      });
    }

    return null;
  }

  #warnUnknown(providerId: string, modelName: string): void {
    const key = `${providerId}\u0000${modelName}`;
    if (this.#warned.has(key) || this.#warned.size >= MAX_WARNED_MODELS) return;
    this.#warned.add(key);
    const where = this.#catalog ? `the ${this.#catalog.name} catalog` : "any price list";
    this.#logger.warn(
      `No price for model "${modelName}" of provider "${providerId}" in ${where} or ` +
        "pricing.overrides: its records keep costUsd null and count as unpriced. " +
        "Add a pricing.overrides entry to price them.",
      { providerId, modelName },
    );
  }
}

function ratesOf(resolved: Resolved, record: UsageRecord): SplitRates | null {
  const prompt = record.promptTokens ?? 0;
  const override = resolved.override && ratesAt(resolved.override, record.timestamp, prompt);

  return override ?? (resolved.catalog && ratesAt(resolved.catalog, record.timestamp, prompt));
}

/** A pricer over a catalog (optional) and overrides, for pricing outside the facade. */
export function createPricer(options: PricerOptions = {}): Pricer {
  const problems: string[] = [];
  const pricing = resolvePricing({ overrides: options.overrides ?? [] }, problems);
  if (problems.length > 0) throw new InvalidConfigError(problems);

  return new Pricer(options.catalog ?? null, pricing.overrides, normalizeLogger(options.logger));
}

/** The cost of one usage in USD (or null): a one-off `createPricer(options).priceUsage`. */
export function priceUsage(usage: PricingInput, options: PricerOptions = {}): number | null {
  return createPricer(options).priceUsage(usage);
}
