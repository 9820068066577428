import type { TimeBucket } from "./types.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SLOT = 15 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }

  return formatter;
}

function computeOffset(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const field = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    field("year"),
    field("month") - 1,
    field("day"),
    field("hour"),
    field("minute"),
    field("second"),
  );

  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Offset of `timeZone` from UTC at instant `ms`, in milliseconds. Cached per
 * 15-minute slot when the offset is the same at both ends of the slot, which
 * holds everywhere but at a handful of historic transitions.
 */
export function zoneOffset(ms: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const slot = Math.floor(ms / SLOT);
  let offset = cache.get(slot);
  if (offset === undefined) {
    offset = computeOffset(slot * SLOT, timeZone);
    // A slot holding a transition (a few historic ones fell at 00:01) is not cached.
    if (computeOffset(slot * SLOT + SLOT - 1, timeZone) !== offset) offset = Number.NaN;
    if (cache.size > 200_000) cache.clear();
    cache.set(slot, offset);
  }

  return Number.isNaN(offset) ? computeOffset(ms, timeZone) : offset;
}

/**
 * The first instant whose local wall-clock time is `local`. An ambiguous time
 * (DST fall-back) gives the earlier instant; a time skipped by a DST gap gives
 * the first instant after the gap.
 */
function instantOfLocal(local: number, timeZone: string): number {
  const before = zoneOffset(local - DAY, timeZone);
  const after = zoneOffset(local + DAY, timeZone);
  let best = Number.POSITIVE_INFINITY;
  for (const candidate of [local - before, local - after]) {
    if (candidate + zoneOffset(candidate, timeZone) === local && candidate < best) best = candidate;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // In a gap: search for the transition between the two candidates.
  let lo = Math.min(local - before, local - after);
  let hi = Math.max(local - before, local - after);
  while (hi - lo > MINUTE) {
    const mid = Math.floor((lo + hi) / 2 / MINUTE) * MINUTE;
    if (zoneOffset(mid, timeZone) === zoneOffset(lo, timeZone)) lo = mid;
    else hi = mid;
  }

  return hi;
}

function truncateLocal(local: number, bucket: Exclude<TimeBucket, "hour">): number {
  const days = Math.floor(local / DAY);
  if (bucket === "day") return days * DAY;
  if (bucket === "week") return (days - ((((days + 3) % 7) + 7) % 7)) * DAY;
  const date = new Date(local);

  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/**
 * Start (epoch ms) of the bucket holding `ms`, in `timeZone`. Hours keep the
 * offset in force at `ms`, so the two 01:00 hours of a DST fall-back stay apart;
 * days, ISO weeks (Monday) and months start at local midnight.
 */
export function bucketStart(ms: number, bucket: TimeBucket, timeZone = "UTC"): number {
  if (timeZone === "UTC") {
    if (bucket === "hour") return Math.floor(ms / HOUR) * HOUR;
    return truncateLocal(ms, bucket);
  }
  const offset = zoneOffset(ms, timeZone);
  const local = ms + offset;
  if (bucket === "hour") return Math.floor(local / HOUR) * HOUR - offset;

  return instantOfLocal(truncateLocal(local, bucket), timeZone);
}
