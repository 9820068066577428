import type { ModelPrices, NanoRates, PricePeriod, RateTier } from "./types.js";

const MILLION = 1_000_000;
const SECONDS_PER_DAY = 86_400;
// Below this many tokens per record every partial sum stays under 2^53.
const SAFE_TOKENS = 4_000_000_000;

/** USD per million tokens to whole nano-dollars per million tokens. */
export function toNanoRate(usdPerMillion: number): number {
  return Math.round(usdPerMillion * 1_000_000_000);
}

/** The record's tokens split into the parts each rate applies to. */
export interface BilledTokens {
  uncached: number;
  cached: number;
  cacheWrite: number;
  /** Output billed at the output rate (reasoning excluded when priced apart). */
  output: number;
  /** Reasoning billed at the reasoning rate (0 when billed as output). */
  reasoning: number;
}

/**
 * The exact cost in nano-dollars, rounded half up once. A rate is split into
 * whole nano-dollars per token and a remainder in 1e-15 USD, so every product
 * and sum is an exact integer below 2^53.
 */
export function costInNanos(rates: NanoRates, tokens: BilledTokens): number {
  const { uncached, cached, cacheWrite, output, reasoning } = tokens;
  if (uncached + cached + cacheWrite + output + reasoning > SAFE_TOKENS)
    return costInNanosBig(rates, tokens);
  const hi = (rate: number): number => (rate - (rate % MILLION)) / MILLION;
  const whole =
    uncached * hi(rates.input) +
    cached * hi(rates.cachedInput) +
    cacheWrite * hi(rates.cacheWrite) +
    output * hi(rates.output) +
    reasoning * hi(rates.reasoning);
  const parts =
    uncached * (rates.input % MILLION) +
    cached * (rates.cachedInput % MILLION) +
    cacheWrite * (rates.cacheWrite % MILLION) +
    output * (rates.output % MILLION) +
    reasoning * (rates.reasoning % MILLION);
  const remainder = parts % MILLION;
  const carried = (parts - remainder) / MILLION;

  return whole + carried + (remainder * 2 >= MILLION ? 1 : 0);
}

function costInNanosBig(rates: NanoRates, tokens: BilledTokens): number {
  const big = (count: number, rate: number): bigint => BigInt(count) * BigInt(rate);
  const total =
    big(tokens.uncached, rates.input) +
    big(tokens.cached, rates.cachedInput) +
    big(tokens.cacheWrite, rates.cacheWrite) +
    big(tokens.output, rates.output) +
    big(tokens.reasoning, rates.reasoning);
  const million = BigInt(MILLION);

  return Number(total / million + ((total % million) * 2n >= million ? 1n : 0n));
}

function holds(period: PricePeriod, timestamp: number): boolean {
  const constraint = period.constraint;
  if (constraint === null) return true;
  if (constraint.kind === "from") return timestamp >= constraint.at;
  const second = Math.floor(timestamp / 1000) % SECONDS_PER_DAY;
  const { startSecond, endSecond } = constraint;

  return endSecond < startSecond
    ? second >= startSecond || second < endSecond
    : second >= startSecond && second < endSecond;
}

function tierFor(tiers: readonly RateTier[], promptTokens: number): NanoRates {
  for (let i = tiers.length - 1; i > 0; i -= 1) {
    const tier = tiers[i]!;
    if (promptTokens > tier.abovePromptTokens) return tier.rates;
  }

  return tiers[0]!.rates;
}

/** The rates in force at `timestamp` (the last period that holds), or null before any. */
export function ratesAt(
  prices: ModelPrices,
  timestamp: number,
  promptTokens: number,
): NanoRates | null {
  const periods = prices.periods;
  for (let i = periods.length - 1; i >= 0; i -= 1) {
    const period = periods[i]!;
    if (holds(period, timestamp)) return tierFor(period.tiers, promptTokens);
  }

  return null;
}
