import {
  bucketStart,
  type GroupKey,
  type NormalizedGroupBy,
  type NormalizedQuery,
} from "@genie/usage-core";
import type { Store } from "./store.js";

type KeyValue = GroupKey[string];

/** One groupBy entry: a row's small-integer code and the value each code stands for. */
interface KeyPart {
  readonly name: string;
  /** How many codes there can be; time buckets are open-ended. */
  readonly isOpenEnded?: boolean;
  codeOf(row: number): number;
  readonly values: KeyValue[];
}

const SLOT_MS = 15 * 60_000;

function dimensionPart(store: Store, g: NormalizedGroupBy & { kind: "dimension" }): KeyPart {
  const byKey = {
    providerId: [store.columns.provider, store.providers],
    modelName: [store.columns.model, store.models],
    callType: [store.columns.callType, store.callTypes],
    userId: [store.columns.user, store.users],
    sessionId: [store.columns.session, store.sessions],
  } as const;
  const [column, table] = byKey[g.key];

  return { name: g.name, codeOf: (row) => column[row] as number, values: table.values };
}

function tagPart(store: Store, g: NormalizedGroupBy & { kind: "tag" }): KeyPart {
  const values: KeyValue[] = [null];
  const codeOfValue = new Map<KeyValue, number>();
  const codeOfSet = new Uint32Array(store.tagSets.size);
  store.tagSets.values.forEach((tags, set) => {
    if (!tags || !Object.hasOwn(tags, g.tag)) return;
    const value = tags[g.tag] as KeyValue;
    let code = codeOfValue.get(value);
    if (code === undefined) {
      code = values.length;
      values.push(value);
      codeOfValue.set(value, code);
    }
    codeOfSet[set] = code;
  });
  const column = store.columns.tags;

  return { name: g.name, codeOf: (row) => codeOfSet[column[row] as number] as number, values };
}

/**
 * Time buckets through core's bucketStart. A bucket almost never starts inside
 * a 15-minute slot, so one bucketStart call per slot serves every row in it;
 * a slot whose two ends fall in different buckets is resolved row by row.
 */
function timePart(store: Store, g: NormalizedGroupBy & { kind: "time" }, zone: string): KeyPart {
  const values: KeyValue[] = [];
  const codeOfStart = new Map<number, number>();
  const ts = store.columns.timestamp;
  let lastSlot = Number.NaN;
  let lastCode = 0;
  const codeOfStartValue = (start: number): number => {
    let code = codeOfStart.get(start);
    if (code === undefined) {
      code = values.length;
      values.push(start);
      codeOfStart.set(start, code);
    }
    return code;
  };
  const codeOf = (row: number): number => {
    const at = ts[row] as number;
    const slot = Math.floor(at / SLOT_MS);
    if (slot === lastSlot) return lastCode;
    const start = bucketStart(slot * SLOT_MS, g.bucket, zone);
    // A bucket edge inside the slot (a historic transition off the quarter hour):
    // this row is bucketed on its own and the slot is not remembered.
    if (bucketStart(slot * SLOT_MS + SLOT_MS - 1, g.bucket, zone) !== start) {
      lastSlot = Number.NaN;
      return codeOfStartValue(bucketStart(at, g.bucket, zone));
    }
    const code = codeOfStartValue(start);
    lastSlot = slot;
    lastCode = code;

    return code;
  };

  return { name: g.name, codeOf, values, isOpenEnded: true };
}

/** Gives each row its group's index; groups are numbered as first met. */
export class GroupIndex {
  readonly #parts: KeyPart[];
  /** With one part, its codes are the group indexes (some groups stay empty). */
  readonly #single: KeyPart | null;
  /** Mixed-radix weights that make one exact number of a row's codes, when it fits. */
  readonly #weights: number[] | null;
  readonly #codes = new Map<number | string, number>();
  readonly #groupCodes: number[][] = [];
  #lastKey: number | string = -1;
  #lastIndex = -1;

  constructor(store: Store, query: NormalizedQuery) {
    const parts = query.groupBy.map((g) => {
      if (g.kind === "dimension") return dimensionPart(store, g);
      if (g.kind === "tag") return tagPart(store, g);
      return timePart(store, g, query.timeZone);
    });
    // The open-ended time part goes last, weighted by the product of the others.
    this.#parts = [...parts.filter((p) => !p.isOpenEnded), ...parts.filter((p) => p.isOpenEnded)];
    const weights: number[] = [];
    let weight = 1;
    for (const part of this.#parts) {
      weights.push(weight);
      weight *= part.isOpenEnded ? store.columns.length + 1 : part.values.length;
    }
    this.#weights = weight < Number.MAX_SAFE_INTEGER ? weights : null;
    this.#single = parts.length === 1 ? (parts[0] as KeyPart) : null;
  }

  /** The group of a row, keyed by one number when the weights fit, else by a string. */
  indexOf(row: number): number {
    if (this.#single) return this.#single.codeOf(row);
    const parts = this.#parts;
    const weights = this.#weights;
    let key: number | string;
    if (weights) {
      key = 0;
      for (let i = 0; i < parts.length; i++)
        key += (parts[i] as KeyPart).codeOf(row) * (weights[i] as number);
    } else {
      key = "";
      for (const part of parts) key += `${part.codeOf(row)},`;
    }
    if (key === this.#lastKey) return this.#lastIndex;
    let index = this.#codes.get(key);
    if (index === undefined) {
      index = this.#groupCodes.length;
      this.#groupCodes.push(parts.map((part) => part.codeOf(row)));
      this.#codes.set(key, index);
    }
    this.#lastKey = key;
    this.#lastIndex = index;

    return index;
  }

  get size(): number {
    return this.#single ? this.#single.values.length : this.#groupCodes.length;
  }

  keyOf(index: number): GroupKey {
    if (this.#single) return { [this.#single.name]: this.#single.values[index] ?? null };
    const codes = this.#groupCodes[index] as number[];
    const key: GroupKey = {};
    this.#parts.forEach((part, i) => {
      key[part.name] = part.values[codes[i] as number] ?? null;
    });

    return key;
  }
}
