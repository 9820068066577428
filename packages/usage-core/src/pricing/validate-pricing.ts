import { LIMITS } from "../limits.js";
import type { PriceOverride, PricingConfig } from "./types.js";

/** An override after validation: its start as epoch ms, or null for "always". */
export interface ResolvedOverride extends Omit<PriceOverride, "effectiveFrom"> {
  readonly effectiveFrom: number | null;
}

export interface ResolvedPricing {
  readonly catalog: boolean;
  readonly overrides: readonly ResolvedOverride[];
}

const PRICING_KEYS: ReadonlySet<string> = new Set(["catalog", "overrides"]);
const RATE_KEYS = [
  "inputPerMillion",
  "outputPerMillion",
  "cachedInputPerMillion",
  "cacheWritePerMillion",
  "reasoningPerMillion",
] as const;
const OVERRIDE_KEYS: ReadonlySet<string> = new Set([
  ...RATE_KEYS,
  "providerId",
  "modelName",
  "effectiveFrom",
]);

function instantOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") return Date.parse(value);
  if (typeof value === "number") return value < LIMITS.minTimestampMs ? Number.NaN : value;

  return Number.NaN;
}

function readOverride(given: unknown, where: string, problems: string[]): ResolvedOverride | null {
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    problems.push(`${where} must be an object with providerId, modelName and prices.`);
    return null;
  }
  const entry = given as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(entry))
    if (!OVERRIDE_KEYS.has(key)) problems.push(`${where}.${key} is not an override option.`);
  for (const key of ["providerId", "modelName"] as const) {
    const value = entry[key];
    if (typeof value !== "string" || value.trim() === "")
      problems.push(`${where}.${key} must be a non-empty string.`);
  }
  for (const key of RATE_KEYS) {
    const value = entry[key];
    const required = key === "inputPerMillion" || key === "outputPerMillion";
    if (value === undefined && !required) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      problems.push(`${where}.${key} must be a finite number >= 0 (USD per million tokens).`);
  }
  const effectiveFrom = entry.effectiveFrom === undefined ? null : instantOf(entry.effectiveFrom);
  if (effectiveFrom !== null && !Number.isFinite(effectiveFrom)) {
    problems.push(
      `${where}.effectiveFrom must be an ISO date, a valid Date or epoch milliseconds.`,
    );
  }
  if (problems.length > before) return null;

  return { ...(entry as unknown as PriceOverride), effectiveFrom };
}

function keyOf(override: ResolvedOverride): string {
  const { providerId, modelName, effectiveFrom } = override;

  return `${providerId.toLowerCase()}\u0000${modelName.toLowerCase()}\u0000${effectiveFrom}`;
}

const OFF: ReadonlySet<string> = new Set(["0", "false", "off", "no"]);

/**
 * Validates the `pricing` config key, adding every problem to `problems`.
 * GENIE_USAGE_PRICING_CATALOG=off turns the catalog off unless config says otherwise.
 */
export function resolvePricing(
  given: unknown,
  problems: string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ResolvedPricing {
  const fromEnv = env.GENIE_USAGE_PRICING_CATALOG?.trim().toLowerCase();
  const catalogByDefault = fromEnv === undefined || !OFF.has(fromEnv);
  if (given === undefined) return { catalog: catalogByDefault, overrides: [] };
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    problems.push("pricing must be an object: { catalog?: boolean, overrides?: [...] }.");
    return { catalog: catalogByDefault, overrides: [] };
  }
  const config = given as PricingConfig;
  for (const key of Object.keys(config))
    if (!PRICING_KEYS.has(key)) problems.push(`pricing.${key} is not a pricing option.`);
  if (config.catalog !== undefined && typeof config.catalog !== "boolean")
    problems.push("pricing.catalog must be true or false.");
  const overrides: ResolvedOverride[] = [];
  if (config.overrides !== undefined && !Array.isArray(config.overrides)) {
    problems.push("pricing.overrides must be an array of price overrides.");
  } else {
    const seen = new Set<string>();
    for (const [i, entry] of (config.overrides ?? []).entries()) {
      const override = readOverride(entry, `pricing.overrides[${i}]`, problems);
      if (!override) continue;
      if (seen.has(keyOf(override))) {
        problems.push(
          `pricing.overrides[${i}] repeats the provider, model and effectiveFrom of an earlier entry.`,
        );
      }
      seen.add(keyOf(override));
      overrides.push(override);
    }
  }

  return { catalog: config.catalog ?? catalogByDefault, overrides };
}
