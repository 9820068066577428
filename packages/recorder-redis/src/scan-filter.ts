import type { NormalizedFilter, NormalizedQuery } from "@genie/usage-core";
import { timeKey } from "./encode-record.js";
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

/** The filter as the scan scripts read it (see lua/scan-step.ts). */
export function filterJson(filter: NormalizedFilter | undefined): string {
  const dims: [number, string[], boolean][] = [];
  for (const [name, position] of Object.entries(DIMENSION_POSITIONS)) {
    const accepted = filter?.[name as keyof typeof DIMENSION_POSITIONS];
    if (!accepted) continue;
    const values = accepted.filter((v): v is string => v !== null);
    dims.push([position, values, values.length < accepted.length]);
  }

  return JSON.stringify({
    since: filter?.since ?? null,
    before: filter?.until ?? null,
    dims,
    tags: Object.entries(filter?.tags ?? {}),
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
