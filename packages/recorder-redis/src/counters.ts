import { createAccumulator, type TotalsAccumulator } from "@genie/usage-core";
import { COUNTER_CODES, COUNTER_FIELDS } from "./keys.js";

const FIELD_OF_CODE: ReadonlyMap<string, (typeof COUNTER_FIELDS)[number]> = new Map(
  COUNTER_CODES.map((code, i) => [code, COUNTER_FIELDS[i]!]),
);

/** Adds `source`'s counters (and timestamp range) into `target`. */
export function mergeAccumulator(target: TotalsAccumulator, source: TotalsAccumulator): void {
  for (const field of COUNTER_FIELDS) target[field] += source[field];
  const first = source.firstTimestamp;
  const last = source.lastTimestamp;
  if (first !== null && (target.firstTimestamp === null || first < target.firstTimestamp))
    target.firstTimestamp = first;
  if (last !== null && (target.lastTimestamp === null || last > target.lastTimestamp))
    target.lastTimestamp = last;
}

/** An accumulator from 10 counter strings in COUNTER_CODES order, starting at `offset`. */
export function accumulatorOf(values: readonly string[], offset = 0): TotalsAccumulator {
  const acc = createAccumulator();
  COUNTER_FIELDS.forEach((field, i) => {
    acc[field] = Number(values[offset + i]);
  });

  return acc;
}

/** The totals hash of HGETALL (`[field, value, ...]`) as an accumulator. */
export function totalsFromHash(flat: readonly string[]): TotalsAccumulator {
  const acc = createAccumulator();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = FIELD_OF_CODE.get(flat[i]!);
    if (field) acc[field] += Number(flat[i + 1]);
  }

  return acc;
}

/** A per-model hash (fields `<code>:<model>`) added into `into`, keyed by model. */
export function modelsFromHash(
  flat: readonly string[],
  into: Map<string, TotalsAccumulator> = new Map(),
): Map<string, TotalsAccumulator> {
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i]!;
    const colon = name.indexOf(":");
    const field = FIELD_OF_CODE.get(name.slice(0, colon));
    if (colon < 0 || !field) continue;
    accumulatorFor(into, name.slice(colon + 1))[field] += Number(flat[i + 1]);
  }

  return into;
}

/** The accumulator of `key` in `map`, created empty on first use. */
export function accumulatorFor<K>(map: Map<K, TotalsAccumulator>, key: K): TotalsAccumulator {
  let acc = map.get(key);
  if (!acc) {
    acc = createAccumulator();
    map.set(key, acc);
  }

  return acc;
}
