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
 * 15-minute slot: every zone changes its offset only on such boundaries.
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
    if (cache.size > 200_000) cache.clear();
    cache.set(slot, offset);
  }

  return offset;
}

/**
 * The instant of a local wall-clock time. An ambiguous time (DST fall-back)
 * takes the earlier instant; a skipped time (DST spring-forward, e.g. a
 * midnight that never happens in America/Santiago) takes the first instant
 * after the gap, so a day starts on its own date.
 */
function instantOfLocal(local: number, timeZone: string): number {
  const before = zoneOffset(local - DAY, timeZone);
  const after = zoneOffset(local + DAY, timeZone);
  const earlier = local - Math.max(before, after);
  const later = local - Math.min(before, after);
  for (const candidate of [earlier, later]) {
    if (candidate + zoneOffset(candidate, timeZone) === local) return candidate;
  }
  // Offsets change only on slot boundaries, so the gap ends on one.
  let instant = Math.floor(earlier / SLOT) * SLOT;
  while (instant + zoneOffset(instant, timeZone) < local) instant += SLOT;

  return instant;
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
