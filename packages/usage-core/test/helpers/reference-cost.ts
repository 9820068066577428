/**
 * Reference pricing for tests, independent of the code under test: decimal
 * strings scaled into BigInt, summed, rounded half up once to 1e-9 USD.
 */
export type PricedPart = readonly [tokens: number, usdPerMillion: number];

function scaled(usdPerMillion: number): bigint {
  const [whole, fraction = ""] = usdPerMillion.toFixed(9).split(".");

  return BigInt(whole!) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0"));
}

/** The exact cost in USD of the parts, as a JS number parsed from its decimal. */
export function referenceCostUsd(parts: readonly PricedPart[]): number {
  let femto = 0n;
  for (const [tokens, rate] of parts) femto += BigInt(tokens) * scaled(rate);
  const nanos = (femto + 500_000n) / 1_000_000n;
  const text = nanos.toString().padStart(10, "0");

  return Number(`${text.slice(0, -9)}.${text.slice(-9)}`);
}
