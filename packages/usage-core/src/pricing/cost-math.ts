import { NANOS_PER_USD } from "../aggregate.js";
import type { UsageRecord } from "../types.js";
import type { ModelPrices, NanoRates, PriceConstraint, PricePeriod } from "./types.js";

const MILLION = 1_000_000;
const SECONDS_PER_DAY = 86_400;
// Below this many tokens per record every partial sum stays under 2^53.
const SAFE_TOKENS = 4_000_000_000;

/** USD per million tokens to whole nano-dollars per million tokens. */
export function toNanoRate(usdPerMillion: number): number {
  return Math.round(usdPerMillion * 1_000_000_000);
}

/**
 * Rates split, once per model, into whole nano-dollars per token (`*Hi`) and the
 * rest in 1e-15 USD per token (`*Lo`): every product and sum is then an exact
 * integer below 2^53, with no division on the recording path.
 */
export interface SplitRates {
  readonly rates: NanoRates;
  readonly inputHi: number;
  readonly inputLo: number;
  readonly cachedHi: number;
  readonly cachedLo: number;
  readonly writeHi: number;
  readonly writeLo: number;
  readonly outputHi: number;
  readonly outputLo: number;
  readonly reasoningHi: number;
  readonly reasoningLo: number;
  /** Reasoning has its own price, so it is billed apart from other output. */
  readonly reasoningApart: boolean;
}

const lo = (rate: number): number => rate % MILLION;
const hi = (rate: number): number => (rate - (rate % MILLION)) / MILLION;

export function splitRates(rates: NanoRates): SplitRates {
  return {
    rates,
    inputHi: hi(rates.input),
    inputLo: lo(rates.input),
    cachedHi: hi(rates.cachedInput),
    cachedLo: lo(rates.cachedInput),
    writeHi: hi(rates.cacheWrite),
    writeLo: lo(rates.cacheWrite),
    outputHi: hi(rates.output),
    outputLo: lo(rates.output),
    reasoningHi: hi(rates.reasoning),
    reasoningLo: lo(rates.reasoning),
    reasoningApart: rates.reasoning !== rates.output,
  };
}

/** The exact cost in nano-dollars of each kind of token, rounded half up once. */
export function costInNanos(
  r: SplitRates,
  uncached: number,
  cached: number,
  cacheWrite: number,
  output: number,
  reasoning: number,
): number {
  if (uncached + cached + cacheWrite + output + reasoning > SAFE_TOKENS)
    return costInNanosBig(r.rates, [uncached, cached, cacheWrite, output, reasoning]);
  const whole =
    uncached * r.inputHi +
    cached * r.cachedHi +
    cacheWrite * r.writeHi +
    output * r.outputHi +
    reasoning * r.reasoningHi;
  const parts =
    uncached * r.inputLo +
    cached * r.cachedLo +
    cacheWrite * r.writeLo +
    output * r.outputLo +
    reasoning * r.reasoningLo;
  const remainder = parts % MILLION;

  return whole + (parts - remainder) / MILLION + (remainder * 2 >= MILLION ? 1 : 0);
}

function costInNanosBig(rates: NanoRates, tokens: readonly number[]): number {
  const perKind = [rates.input, rates.cachedInput, rates.cacheWrite, rates.output, rates.reasoning];
  let total = 0n;
  for (const [i, count] of tokens.entries()) total += BigInt(count) * BigInt(perKind[i]!);
  const million = BigInt(MILLION);

  return Number(total / million + ((total % million) * 2n >= million ? 1n : 0n));
}

interface CompiledTier {
  readonly abovePromptTokens: number;
  readonly split: SplitRates;
}

interface CompiledPeriod {
  readonly constraint: PriceConstraint | null;
  readonly tiers: readonly CompiledTier[];
}

/** A model's prices ready for the recording path; `fixed` when they never vary. */
export interface CompiledPrices {
  readonly periods: readonly CompiledPeriod[];
  readonly fixed: SplitRates | null;
}

function compilePeriod(period: PricePeriod): CompiledPeriod {
  const tiers = [...period.tiers]
    .sort((a, b) => a.abovePromptTokens - b.abovePromptTokens)
    .map((t) => ({ abovePromptTokens: t.abovePromptTokens, split: splitRates(t.rates) }));

  return { constraint: period.constraint, tiers };
}

export function compilePrices(prices: ModelPrices): CompiledPrices {
  const periods = prices.periods.filter((p) => p.tiers.length > 0).map(compilePeriod);
  const only = periods.length === 1 ? periods[0]! : null;
  const fixed = only && only.constraint === null && only.tiers.length === 1 ? only.tiers[0]! : null;

  return { periods, fixed: fixed?.split ?? null };
}

function holds(constraint: PriceConstraint | null, timestamp: number): boolean {
  if (constraint === null) return true;
  if (constraint.kind === "from") return timestamp >= constraint.at;
  const second = Math.floor(timestamp / 1000) % SECONDS_PER_DAY;
  const { startSecond, endSecond } = constraint;

  return endSecond < startSecond
    ? second >= startSecond || second < endSecond
    : second >= startSecond && second < endSecond;
}

/** The rates in force at `timestamp` (the last period that holds), or null before any. */
export function ratesAt(
  prices: CompiledPrices,
  timestamp: number,
  promptTokens: number,
): SplitRates | null {
  if (prices.fixed !== null) return prices.fixed;
  const periods = prices.periods;
  for (let i = periods.length - 1; i >= 0; i -= 1) {
    const period = periods[i]!;
    if (!holds(period.constraint, timestamp)) continue;
    const tiers = period.tiers;
    for (let t = tiers.length - 1; t > 0; t -= 1)
      if (promptTokens > tiers[t]!.abovePromptTokens) return tiers[t]!.split;
    return tiers[0]!.split;
  }

  return null;
}

/**
 * The cost of a record's tokens at `rates`. Reasoning is part of the completion
 * and billed once: at the output rate, or apart only when priced apart. With no
 * count known at all there is nothing to price (null, never $0).
 */
export function priceWith(rates: SplitRates, record: UsageRecord): number | null {
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
  const output = completionTokens ?? reasoningTokens ?? 0;
  const reasoning = rates.reasoningApart ? (reasoningTokens ?? 0) : 0;
  const nanos = costInNanos(rates, uncached, cached, cacheWrite, output - reasoning, reasoning);

  return nanos / NANOS_PER_USD;
}
