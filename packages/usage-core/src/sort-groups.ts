import type { GroupKey, NormalizedGroupBy, UsageGroup } from "./types.js";

type KeyValue = GroupKey[string];

const TYPE_ORDER = { boolean: 1, number: 2, string: 3 } as const;

function compareValues(a: KeyValue | undefined, b: KeyValue | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const ta = TYPE_ORDER[typeof a as keyof typeof TYPE_ORDER];
  const tb = TYPE_ORDER[typeof b as keyof typeof TYPE_ORDER];
  if (ta !== tb) return ta - tb;

  return a < b ? -1 : 1;
}

/**
 * Sorts groups into the contract's order: by each groupBy entry in turn, null
 * first, then booleans, numbers, and strings by UTF-16 code units.
 */
export function sortGroups(
  groups: UsageGroup[],
  groupBy: readonly NormalizedGroupBy[],
): UsageGroup[] {
  return groups.sort((x, y) => {
    for (const g of groupBy) {
      const order = compareValues(x.key[g.name], y.key[g.name]);
      if (order !== 0) return order;
    }
    return 0;
  });
}
