import type { Columns } from "./columns.js";

const MAX_SUFFIX_DIGITS = 10; // 36^10 < 2^53: the suffix stays an exact number

/**
 * Stores record ids without one string per record. Generated ids are a
 * per-process prefix and a base-36 counter: the prefix is interned, the counter
 * kept as a number. Ids given by callers, and any id not of that form, are
 * kept as strings in a side map.
 */
export class RecordIds {
  readonly #prefixes: string[] = [""];
  readonly #prefixCodes = new Map<string, number>();
  #lastPrefix = "\u0000";
  #lastPrefixCode = 0;

  store(columns: Columns, row: number, id: string, isGenerated: boolean): void {
    if (isGenerated && this.#storeCompact(columns, row, id)) return;
    columns.idPrefix[row] = 0;
    columns.sideIds.set(row, id);
  }

  idAt(columns: Columns, row: number): string {
    const prefix = columns.idPrefix[row] as number;
    if (prefix === 0) return columns.sideIds.get(row) as string;

    return (this.#prefixes[prefix] as string) + (columns.idNumber[row] as number).toString(36);
  }

  #storeCompact(columns: Columns, row: number, id: string): boolean {
    let start = this.#lastPrefix.length;
    if (!id.startsWith(this.#lastPrefix)) {
      start = suffixStart(id);
      if (start === 0 || start === id.length) return false;
      this.#usePrefix(id.slice(0, start));
    }
    const value = parseSuffix(id, start);
    if (value < 0) return false;
    columns.idPrefix[row] = this.#lastPrefixCode;
    columns.idNumber[row] = value;

    return true;
  }

  #usePrefix(prefix: string): void {
    let code = this.#prefixCodes.get(prefix);
    if (code === undefined) {
      code = this.#prefixes.length;
      this.#prefixes.push(prefix);
      this.#prefixCodes.set(prefix, code);
    }
    this.#lastPrefix = prefix;
    this.#lastPrefixCode = code;
  }
}

function isDigit36(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
}

/** Where the trailing run of base-36 digits (at most ten) begins. */
function suffixStart(id: string): number {
  let start = id.length;
  while (start > 0 && id.length - start < MAX_SUFFIX_DIGITS && isDigit36(id.charCodeAt(start - 1)))
    start -= 1;

  return start;
}

/** The suffix as a number, or -1 when it would not print back identically. */
function parseSuffix(id: string, start: number): number {
  const digits = id.length - start;
  if (digits === 0 || digits > MAX_SUFFIX_DIGITS) return -1;
  if (digits > 1 && id.charCodeAt(start) === 48) return -1;
  let value = 0;
  for (let i = start; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c >= 48 && c <= 57) value = value * 36 + (c - 48);
    else if (c >= 97 && c <= 122) value = value * 36 + (c - 87);
    else return -1;
  }

  return value;
}
