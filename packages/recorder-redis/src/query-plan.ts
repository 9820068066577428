import type { NormalizedQuery, TimeBucket } from "@genie/usage-core";

const DAY = 86_400_000;

/** A summary the counters answer: no filter but whole UTC days, grouped by model and/or time. */
export interface CounterPlan {
  readonly since: number | undefined;
  readonly until: number | undefined;
  readonly byModel: boolean;
  readonly bucket: Exclude<TimeBucket, "hour"> | null;
}

function isDayBoundary(ms: number | undefined): boolean {
  return ms === undefined || (Number.isInteger(ms) && ms % DAY === 0);
}

/**
 * The counter plan of a query, or null when only a scan of the records can answer
 * it: a filter on anything but time, a time bound inside a day, a grouping by
 * another dimension, a tag or the hour, or buckets in a zone other than UTC.
 */
export function counterPlan(query: NormalizedQuery): CounterPlan | null {
  const { since, until, ...rest } = query.filter;
  if (Object.values(rest).some((v) => v !== undefined)) return null;
  if (!isDayBoundary(since) || !isDayBoundary(until)) return null;
  let byModel = false;
  let bucket: CounterPlan["bucket"] = null;
  for (const g of query.groupBy) {
    if (g.kind === "dimension" && g.key === "modelName") byModel = true;
    else if (g.kind === "time" && g.bucket !== "hour" && query.timeZone === "UTC")
      bucket = g.bucket;
    else return null;
  }

  return { since, until, byModel, bucket };
}
