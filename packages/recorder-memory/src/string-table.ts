/**
 * Interns the values of one dimension as small integers. Code 0 is `null`
 * ("not set"), so a column of codes needs no separate null marker.
 */
export class StringTable {
  readonly #codes = new Map<string, number>();
  readonly values: (string | null)[] = [null];
  // Consecutive records often repeat a value (one session, one model): skip the hash lookup.
  #lastValue: string | null = null;
  #lastCode = 0;

  /** The code of a value, adding it when new. */
  codeOf(value: string | null): number {
    if (value === this.#lastValue) return this.#lastCode;
    if (value === null) return 0;
    let code = this.#codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.#codes.set(value, code);
    }
    this.#lastValue = value;
    this.#lastCode = code;

    return code;
  }

  /** The code of a value already seen, or -1. */
  find(value: string | null): number {
    if (value === null) return 0;
    return this.#codes.get(value) ?? -1;
  }

  /** Number of codes in use, null included. */
  get size(): number {
    return this.values.length;
  }
}
