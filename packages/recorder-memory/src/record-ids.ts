import { GENERATED_ID_PREFIX, lastGeneratedIdCounter, type UsageRecord } from "@genie/usage-core";
import type { Columns } from "./columns.js";

const MAX_SUFFIX_DIGITS = 10; // 36^10 < 2^53: the suffix stays an exact number

/**
 * Stores record ids without one string per record, and recognises a record
 * stored twice.
 *
 * Generated ids are a per-process prefix and a base-36 counter: the prefix is
 * interned, the counter kept as a number. They reach the recorder in counter
 * order (core stamps and hands over in one step), so an id above the highest
 * counter of its prefix is new without looking anything up; one at or below it
 * (a record handed over twice, or out of order) is looked for in the columns.
 * Ids given by callers, and generated ids of any other form, are strings in a
 * side map and a set.
 */
export class RecordIds {
  readonly #prefixes: string[] = [""];
  readonly #prefixCodes = new Map<string, number>();
  readonly #highest: number[] = [0];
  /** Caller ids (and odd generated ones) of stored records. */
  readonly #named = new Set<string>();
  readonly #generatedNamed = new Set<string>();
  #lastPrefix = "\u0000";
  #lastPrefixCode = 0;
  #parsedNumber = -1;

  /**
   * Whether a record is new (not stored already). When it is, `store` must be
   * called next for it.
   */
  claim(columns: Columns, record: UsageRecord): boolean {
    this.#parsedNumber = -1;
    const id = record.id;
    if (record.idSource === "generated" && this.#parse(id)) {
      const number = this.#parsedNumber;
      const prefix = this.#lastPrefixCode;
      if (number > (this.#highest[prefix] as number)) {
        this.#highest[prefix] = number;
        return true;
      }
      return !isStored(columns, prefix, number);
    }
    if (this.#named.has(id)) return false;
    this.#named.add(id);
    if (record.idSource === "generated") this.#generatedNamed.add(id);

    return true;
  }

  /** Writes the id of the record just claimed. */
  store(columns: Columns, row: number, id: string): void {
    if (this.#parsedNumber >= 0) {
      columns.idPrefix[row] = this.#lastPrefixCode;
      columns.idNumber[row] = this.#parsedNumber;
      return;
    }
    columns.idPrefix[row] = 0;
    columns.sideIds.set(row, id);
  }

  /** Lets a removed record's id be recorded again. */
  forget(columns: Columns, row: number): void {
    if (columns.idPrefix[row] !== 0) return;
    const id = columns.sideIds.get(row) as string;
    this.#named.delete(id);
    this.#generatedNamed.delete(id);
    columns.sideIds.delete(row);
  }

  idAt(columns: Columns, row: number): string {
    const prefix = columns.idPrefix[row] as number;
    if (prefix === 0) return columns.sideIds.get(row) as string;

    return (this.#prefixes[prefix] as string) + (columns.idNumber[row] as number).toString(36);
  }

  sourceAt(columns: Columns, row: number): UsageRecord["idSource"] {
    if (columns.idPrefix[row] !== 0) return "generated";
    const id = columns.sideIds.get(row) as string;

    return this.#generatedNamed.has(id) ? "generated" : "caller";
  }

  #parse(id: string): boolean {
    // The record core stamped just now: its counter is known without reading the id.
    const counter = lastGeneratedIdCounter(id);
    if (counter >= 0) {
      if (this.#lastPrefix !== GENERATED_ID_PREFIX) this.#usePrefix(GENERATED_ID_PREFIX);
      this.#parsedNumber = counter;
      return true;
    }
    let start = this.#lastPrefix.length;
    if (!id.startsWith(this.#lastPrefix)) {
      start = suffixStart(id);
      if (start === 0 || start === id.length) return false;
      this.#usePrefix(id.slice(0, start));
    }
    this.#parsedNumber = parseSuffix(id, start);

    return this.#parsedNumber >= 0;
  }

  #usePrefix(prefix: string): void {
    let code = this.#prefixCodes.get(prefix);
    if (code === undefined) {
      code = this.#prefixes.length;
      this.#prefixes.push(prefix);
      this.#highest.push(-1);
      this.#prefixCodes.set(prefix, code);
    }
    this.#lastPrefix = prefix;
    this.#lastPrefixCode = code;
  }
}

/** A scan of the id columns: only for ids that arrive out of order. */
function isStored(columns: Columns, prefix: number, number: number): boolean {
  const prefixes = columns.idPrefix;
  const numbers = columns.idNumber;
  for (let row = columns.head; row < columns.length; row++) {
    if (numbers[row] === number && prefixes[row] === prefix && columns.model[row] !== 0)
      return true;
  }

  return false;
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
