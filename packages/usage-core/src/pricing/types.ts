/** Public types of pricing: overrides, catalogs and the pricer. */

/** Prices in USD per million tokens, as providers publish them. */
export interface PriceRates {
  /** Uncached prompt tokens. */
  inputPerMillion: number;
  /** Completion tokens (reasoning included unless `reasoningPerMillion` is given). */
  outputPerMillion: number;
  /** Prompt tokens read from a cache; default the input price. */
  cachedInputPerMillion?: number;
  /** Prompt tokens written to a cache; default the input price. */
  cacheWritePerMillion?: number;
  /** Reasoning tokens, when billed apart from other output; default the output price. */
  reasoningPerMillion?: number;
}

/** A price set in config for one provider and model, from a date on. Always wins. */
export interface PriceOverride extends PriceRates {
  providerId: string;
  /** The model name exactly as recorded (after prefix rules); a snapshot is its own model. */
  modelName: string;
  /** When the price takes effect: epoch ms, a Date or an ISO date. Default: always. */
  effectiveFrom?: number | Date | string;
}

/** The `pricing` key of the config. */
export interface PricingConfig {
  /** Price records from the bundled catalog (`@pydantic/genai-prices`). Default true. */
  catalog?: boolean;
  overrides?: readonly PriceOverride[];
}

/**
 * Rates in whole nano-dollars per million tokens, so a cost is an exact integer
 * of 1e-15 USD before it is rounded once to nano-dollars.
 */
export interface NanoRates {
  readonly input: number;
  readonly cachedInput: number;
  readonly cacheWrite: number;
  readonly output: number;
  readonly reasoning: number;
}

/** Rates that apply when a record's prompt holds more than `abovePromptTokens` tokens. */
export interface RateTier {
  readonly abovePromptTokens: number;
  readonly rates: NanoRates;
}

/** When a price is in force: from an instant on, or daily between two UTC times. */
export type PriceConstraint =
  | { readonly kind: "from"; readonly at: number }
  | { readonly kind: "daily"; readonly startSecond: number; readonly endSecond: number };

/** One price of a model: tiers sorted by threshold, the first at 0. */
export interface PricePeriod {
  readonly constraint: PriceConstraint | null;
  readonly tiers: readonly RateTier[];
}

/** Every price a model has had; the last period whose constraint holds applies. */
export interface ModelPrices {
  /** Where the prices come from, e.g. `catalog:openai/gpt-4o` or `override`. */
  readonly source: string;
  readonly periods: readonly PricePeriod[];
}

/** A source of model prices, looked up once per provider and model name. */
export interface PriceCatalog {
  readonly name: string;
  lookup(providerId: string, modelName: string): ModelPrices | null;
}

/** What a pricer needs of a record: its provider, model, counts and time. */
export interface PricingInput {
  providerId: string;
  modelName: string;
  promptTokens?: number | null;
  completionTokens?: number | null;
  cachedPromptTokens?: number | null;
  cacheWriteTokens?: number | null;
  reasoningTokens?: number | null;
  /** Epoch ms or a Date; default now. */
  timestamp?: number | Date;
  /** A cost the provider reported; when given it is returned as is. */
  costUsd?: number | null;
}
