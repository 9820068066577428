/**
 * Local calendar arithmetic by brute force over Intl, for the reference
 * implementation: slow and plain on purpose, sharing nothing with core.
 * It assumes UTC offsets change on whole minutes, true of every zone since 1972.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
/**
 * How far from "midnight minus the offset at midnight" a day can start: a few
 * hours for a DST change, more for a zone that moves its whole offset
 * (Antarctica/Casey jumped 3 hours in 2020). UTC offsets stay within -12..+14.
 */
const SEARCH_RADII = [3 * HOUR, 16 * HOUR];

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayStarts = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, found);
  }

  return found;
}

/** The wall clock of `timeZone` at instant `ms`. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const field = (type: string): number => {
    const part = parts.find((p) => p.type === type);
    if (!part) throw new Error(`Intl gave no ${type} for ${ms} in ${timeZone}`);
    return Number(part.value);
  };

  return {
    year: field("year"),
    month: field("month"),
    day: field("day"),
    hour: field("hour"),
    minute: field("minute"),
    second: field("second"),
  };
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The calendar date `days` after `date` (pure calendar arithmetic, no zone). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));

  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** 0 = Monday ... 6 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const sundayFirst = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();

  return (sundayFirst + 6) % 7;
}

/**
 * The first instant whose local date is `date`: scans minute by minute through
 * a window around local midnight and takes the first minute on that date.
 */
export function firstInstantOf(date: LocalDate, timeZone: string): number {
  const cacheKey = `${timeZone}|${date.year}-${date.month}-${date.day}`;
  const cached = dayStarts.get(cacheKey);
  if (cached !== undefined) return cached;

  const wallMidnight = Date.UTC(date.year, date.month - 1, date.day);
  const here = localTime(wallMidnight, timeZone);
  const offset =
    Date.UTC(here.year, here.month - 1, here.day, here.hour, here.minute) - wallMidnight;
  for (const radius of SEARCH_RADII) {
    const from = wallMidnight - offset - radius;
    // The window must open on an earlier date, or its first match is not the first.
    if (compareDates(localTime(from, timeZone), date) >= 0) continue;
    for (let t = from; t <= from + 2 * radius; t += MINUTE) {
      if (compareDates(localTime(t, timeZone), date) === 0) {
        dayStarts.set(cacheKey, t);
        return t;
      }
    }
  }
  throw new Error(`reference found no instant on ${cacheKey}`);
}

export type ReferenceBucket = "hour" | "day" | "week" | "month";

/** Start of the bucket holding `ms`: the contract's definition, computed the slow way. */
export function referenceBucketStart(
  ms: number,
  bucket: ReferenceBucket,
  timeZone: string,
): number {
  const local = localTime(ms, timeZone);
  const millisecond = ((ms % 1000) + 1000) % 1000;
  // The local clock hour, under the offset in force at `ms`.
  if (bucket === "hour") return ms - local.minute * MINUTE - local.second * 1000 - millisecond;
  if (bucket === "day") return firstInstantOf(local, timeZone);
  if (bucket === "week") return firstInstantOf(addDays(local, -isoWeekday(local)), timeZone);

  return firstInstantOf({ year: local.year, month: local.month, day: 1 }, timeZone);
}
