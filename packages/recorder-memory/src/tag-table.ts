import type { UsageTags } from "@genie/usage-core";

const TYPE_MARK = { string: "s", number: "n", boolean: "b" } as const;

/**
 * Interns whole tag maps: records with the same tags share one code and one
 * stored object. Code 0 is "no tags".
 */
export class TagTable {
  readonly #codes = new Map<string, number>();
  readonly values: (UsageTags | null)[] = [null];
  #lastCode = 0;

  codeOf(tags: UsageTags | null): number {
    if (tags === null) return 0;
    // Consecutive records often carry equal tags; comparing is cheaper than keying.
    const last = this.values[this.#lastCode] ?? null;
    if (last !== null && haveSameTags(tags, last)) return this.#lastCode;
    let key = "";
    for (const name in tags) {
      // Length-prefixed, so no choice of names or values can make two maps collide.
      const value = String(tags[name]);
      key += `${name.length}:${name}${TYPE_MARK[typeof tags[name] as "string"]}${value.length}:${value}`;
    }
    let code = this.#codes.get(key);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(Object.freeze({ ...tags }));
      this.#codes.set(key, code);
    }
    this.#lastCode = code;

    return code;
  }

  get size(): number {
    return this.values.length;
  }

  /** One flag per tag-map code: whether the map holds every wanted tag with its value. */
  matching(wanted: UsageTags): Uint8Array {
    const flags = new Uint8Array(this.values.length);
    const entries = Object.entries(wanted);
    this.values.forEach((tags, code) => {
      if (tags === null) return;
      const isMatch = entries.every(
        ([name, value]) => Object.hasOwn(tags, name) && tags[name] === value,
      );
      flags[code] = isMatch ? 1 : 0;
    });

    return flags;
  }
}

/** Same names with identical values (their order aside). */
function haveSameTags(a: UsageTags, b: UsageTags): boolean {
  let count = 0;
  for (const name in a) {
    if (a[name] !== b[name] || !Object.hasOwn(b, name)) return false;
    count += 1;
  }
  for (const _ in b) count -= 1;

  return count === 0;
}
