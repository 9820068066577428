import { NANOS_PER_USD } from "../aggregate.js";
import { InvalidConfigError } from "../errors.js";
import { normalizeLogger } from "../logger.js";
import type { Logger, UsageRecord } from "../types.js";
import { validateUsageRecord } from "../validate-record.js";
import { type BilledTokens, costInNanos, ratesAt } from "./cost-math.js";
import { priceKeys } from "./model-names.js";
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
  readonly override: ModelPrices | null;
  readonly catalog: ModelPrices | null;
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
    let byModel = this.#cache.get(record.providerId);
    if (byModel === undefined) {
      byModel = new Map();
      this.#cache.set(record.providerId, byModel);
    }
    let resolved = byModel.get(record.modelName);
    if (resolved === undefined) {
      resolved = this.#resolve(record.providerId, record.modelName);
      this.#remember(byModel, record.modelName, resolved);
    }
    if (resolved === null) return null;

    const prompt = record.promptTokens ?? 0;
    const rates =
      (resolved.override && ratesAt(resolved.override, record.timestamp, prompt)) ??
      (resolved.catalog && ratesAt(resolved.catalog, record.timestamp, prompt));
    if (!rates) return null;
    const tokens = billedTokens(record, rates.reasoning !== rates.output);

    return tokens === null ? null : costInNanos(rates, tokens) / NANOS_PER_USD;
  }

  /** Validates `usage` as a record; its own `costUsd` wins, else it is priced. */
  priceUsage(usage: PricingInput): number | null {
    const record = validateUsageRecord(usage);

    return record.costUsd ?? this.priceRecord(record);
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
    const first = (catalog: PriceCatalog | null): ModelPrices | null => {
      if (catalog === null) return null;
      for (const key of keys) {
        const prices = catalog.lookup(key.providerId, key.modelName);
        if (prices) return prices;
      }
      return null;
    };
    const override = first(this.#override);
    const catalog = first(this.#catalog);
    if (override || catalog) return { override, catalog };
    this.#warnUnknown(providerId, modelName);

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

/**
 * The tokens each rate applies to. Reasoning is part of the completion and is
 * billed once: at the output rate, or apart only when priced apart. With no
 * count known at all there is nothing to price (null, never $0).
 */
function billedTokens(record: UsageRecord, reasoningApart: boolean): BilledTokens | null {
  const { promptTokens, completionTokens, reasoningTokens } = record;
  const cached = record.cachedPromptTokens ?? 0;
  const cacheWrite = record.cacheWriteTokens ?? 0;
  const nothingKnown =
    promptTokens === null &&
    completionTokens === null &&
    reasoningTokens === null &&
    record.cachedPromptTokens === null &&
    record.cacheWriteTokens === null;
  if (nothingKnown) return null;
  const uncached = promptTokens === null ? 0 : promptTokens - cached - cacheWrite;
  const completion = completionTokens ?? reasoningTokens ?? 0;
  const reasoning = reasoningApart ? (reasoningTokens ?? 0) : 0;

  return { uncached, cached, cacheWrite, output: completion - reasoning, reasoning };
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
