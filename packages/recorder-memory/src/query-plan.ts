import type { Dimension, NormalizedFilter, UsageTags } from "@genie/usage-core";
import type { Store } from "./store.js";
import type { StringTable } from "./string-table.js";

interface DimensionCheck {
  readonly column: Uint32Array;
  readonly accepted: Uint8Array;
}

/** A filter turned into code masks, plus the rows worth visiting. */
export interface QueryPlan {
  readonly isEmpty: boolean;
  readonly checks: readonly DimensionCheck[];
  readonly tagFlags: Uint8Array | null;
  readonly since: number;
  readonly until: number;
  /** Rows to visit: `list[from..to)` when a list is given, else rows `from..to`. */
  readonly list: Uint32Array | null;
  readonly from: number;
  readonly to: number;
}

function columnAndTable(store: Store, dimension: Dimension): [Uint32Array, StringTable] {
  const c = store.columns;
  if (dimension === "providerId") return [c.provider, store.providers];
  if (dimension === "modelName") return [c.model, store.models];
  if (dimension === "callType") return [c.callType, store.callTypes];
  if (dimension === "userId") return [c.user, store.users];
  return [c.session, store.sessions];
}

function codesOf(table: StringTable, values: readonly (string | null)[]): number[] {
  return values.map((v) => table.find(v)).filter((code) => code >= 0);
}

/** The rows of the given users, ascending. */
function userRows(store: Store, codes: readonly number[]): Uint32Array {
  const lists = codes.flatMap((code) => {
    const rows = store.columns.userRows[code];
    return rows ? [rows.rows.subarray(0, rows.length)] : [];
  });
  if (lists.length === 1) return lists[0] as Uint32Array;
  const merged = new Uint32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    merged.set(list, at);
    at += list.length;
  }

  return merged.sort();
}

/** First k in [from, to) whose row's timestamp is >= bound (rows ascending in time). */
function bisect(store: Store, list: Uint32Array | null, from: number, to: number, bound: number) {
  const ts = store.columns.timestamp;
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const row = list ? (list[mid] as number) : mid;
    if ((ts[row] as number) < bound) lo = mid + 1;
    else hi = mid;
  }

  return lo;
}

const EMPTY_PLAN: QueryPlan = {
  isEmpty: true,
  checks: [],
  tagFlags: null,
  since: 0,
  until: 0,
  list: null,
  from: 0,
  to: 0,
};

/** Plans a scan; rows at or past `end` (appended later) are never visited. */
export function planQuery(
  store: Store,
  filter: NormalizedFilter | undefined,
  end = store.columns.length,
): QueryPlan {
  const f = filter ?? {};
  const checks: DimensionCheck[] = [];
  let userCodes: number[] | null = null;
  for (const dimension of ["providerId", "modelName", "callType", "userId", "sessionId"] as const) {
    const values = f[dimension];
    if (!values) continue;
    const [column, table] = columnAndTable(store, dimension);
    const codes = codesOf(table, values);
    if (codes.length === 0) return EMPTY_PLAN;
    if (dimension === "userId") userCodes = codes;
    else {
      const accepted = new Uint8Array(table.size);
      for (const code of codes) accepted[code] = 1;
      checks.push({ column, accepted });
    }
  }
  // `tags: {}` asks for nothing: every record matches, those without tags too.
  const hasTags = f.tags !== undefined && Object.keys(f.tags).length > 0;
  const tagFlags = hasTags ? store.tagSets.matching(f.tags as UsageTags) : null;
  const since = f.since ?? Number.NEGATIVE_INFINITY;
  const until = f.until ?? Number.POSITIVE_INFINITY;

  const list = userCodes ? userRows(store, userCodes) : null;
  let from = list ? 0 : store.columns.head;
  let to = list ? bisectRows(list, end) : end;
  if (store.isOrdered) {
    if (f.since !== undefined) from = bisect(store, list, from, to, since);
    if (f.until !== undefined) to = bisect(store, list, from, to, until);
  }

  return { isEmpty: false, checks, tagFlags, since, until, list, from, to };
}

/** How many entries of an ascending row list are below `end`. */
function bisectRows(list: Uint32Array, end: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < end) lo = mid + 1;
    else hi = mid;
  }

  return lo;
}

/** Whether a live row passes the plan's checks (the row range is already applied). */
export function passes(store: Store, plan: QueryPlan, row: number): boolean {
  const c = store.columns;
  if (row < c.head || c.model[row] === 0) return false;
  const ts = c.timestamp[row] as number;
  if (ts < plan.since || ts >= plan.until) return false;
  for (const check of plan.checks) {
    if (check.accepted[check.column[row] as number] !== 1) return false;
  }
  if (plan.tagFlags && plan.tagFlags[c.tags[row] as number] !== 1) return false;

  return true;
}
