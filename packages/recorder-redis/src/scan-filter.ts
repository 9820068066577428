import type { NormalizedFilter, NormalizedQuery } from "@genie/usage-core";
import { timeKey, wellFormed } from "./encode-record.js";
import { DIMENSION_POSITIONS } from "./lua/record-fields.js";

/** The first and last ZRANGEBYLEX bounds of the records a filter's time range can hold. */
export function lexRange(filter: NormalizedFilter | undefined): { start: string; stop: string } {
  const since = filter?.since;
  const until = filter?.until;

  // Members start with whole milliseconds; the script compares the exact timestamp.
  return {
    start: since === undefined ? "-" : `[${timeKey(since)}`,
    stop: until === undefined ? "+" : `(${timeKey(Math.ceil(until))}`,
  };
}

/**
 * The filter as the scan scripts read it (see lua/scan-step.ts). Strings are
 * compared as stored (lone surrogates as U+FFFD). Needles are JSON fragments a
 * matching member must contain (one of each list): a cheap test that lets the
 * server skip decoding most records of a selective filter.
 */
export function filterJson(filter: NormalizedFilter | undefined): string {
  const dims: [number, string[], boolean][] = [];
  const needles: string[][] = [];
  for (const [name, position] of Object.entries(DIMENSION_POSITIONS)) {
    const accepted = filter?.[name as keyof typeof DIMENSION_POSITIONS];
    if (!accepted) continue;
    const values = accepted.filter((v): v is string => v !== null).map(wellFormed);
    const acceptsNull = values.length < accepted.length;
    dims.push([position, values, acceptsNull]);
    if (!acceptsNull) needles.push(values.map((v) => JSON.stringify(v)));
  }
  const tags = Object.entries(filter?.tags ?? {}).map(([name, value]) => {
    const tag = wellFormed(name);
    needles.push([`${JSON.stringify(tag)}:`]);
    if (typeof value !== "string") return [tag, value];
    needles.push([JSON.stringify(wellFormed(value))]);
    return [tag, wellFormed(value)];
  });

  return JSON.stringify({
    since: filter?.since ?? null,
    before: filter?.until ?? null,
    dims,
    tags,
    needles,
  });
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
// Every zone's offset, and so every local bucket boundary, falls on a quarter hour.
const QUARTER_HOUR = 900_000;

/** The time slot the scan groups by: the bucket itself in UTC, else a quarter hour. */
export function slotSize(query: NormalizedQuery, bucket: string): number {
  if (query.timeZone !== "UTC") return QUARTER_HOUR;

  return bucket === "hour" ? HOUR : DAY;
}

/** The groupBy as the sum script reads it (see lua/sum-scan.ts). */
export function groupByJson(query: NormalizedQuery): string {
  return JSON.stringify(
    query.groupBy.map((g) => {
      if (g.kind === "dimension") return ["d", DIMENSION_POSITIONS[g.key]];
      if (g.kind === "tag") return ["t", g.tag];
      return ["s", slotSize(query, g.bucket)];
    }),
  );
}
