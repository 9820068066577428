import {
  createAccumulator,
  type GroupKey,
  type NormalizedQuery,
  sortGroups,
  type TotalsAccumulator,
  toTotals,
  type UsageGroup,
} from "@genie/usage-core";
import { mergeAccumulator } from "./counters.js";

/** Groups by key value, in the order of the query's groupBy. */
export class GroupFolder {
  readonly #groups = new Map<string, { key: GroupKey; acc: TotalsAccumulator }>();

  add(key: GroupKey, acc: TotalsAccumulator): void {
    if (acc.count <= 0) return;
    const id = JSON.stringify(Object.values(key));
    const group = this.#groups.get(id);
    if (group) mergeAccumulator(group.acc, acc);
    else {
      const copy = createAccumulator();
      mergeAccumulator(copy, acc);
      this.#groups.set(id, { key, acc: copy });
    }
  }

  groups(query: NormalizedQuery): UsageGroup[] {
    const out = [...this.#groups.values()].map(({ key, acc }) => ({ key, ...toTotals(acc) }));

    return sortGroups(out, query.groupBy);
  }
}
