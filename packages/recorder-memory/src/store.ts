import { Columns } from "./columns.js";
import { RecordIds } from "./record-ids.js";
import { StringTable } from "./string-table.js";
import { TagTable } from "./tag-table.js";

/** The columns and the tables that give their codes meaning. */
export class Store {
  readonly columns = new Columns();
  readonly providers = new StringTable();
  readonly models = new StringTable();
  readonly callTypes = new StringTable();
  readonly users = new StringTable();
  readonly sessions = new StringTable();
  readonly tagSets = new TagTable();
  readonly ids = new RecordIds();
  /** Whether every row's timestamp is >= the one before: time ranges can then be bisected. */
  isOrdered = true;
  lastTimestamp = Number.NEGATIVE_INFINITY;

  isLive(row: number): boolean {
    return row >= this.columns.head && this.columns.model[row] !== 0;
  }
}
