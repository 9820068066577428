// Bucket starts computed the slow, obvious way, independent of core's time code.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function utcDayStart(ts: number): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function utcWeekStart(ts: number): number {
  const sinceMonday = (new Date(ts).getUTCDay() + 6) % 7;
  return utcDayStart(ts) - sinceMonday * DAY;
}

export function utcMonthStart(ts: number): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayStarts = new Map<string, number>();

function localParts(ts: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("sv-SE", {
      timeZone,
      dateStyle: "short",
      timeStyle: "medium",
    });
    formatters.set(timeZone, formatter);
  }

  return formatter.format(new Date(ts));
}

/** The first instant whose wall clock in `timeZone` reads local midnight of `ts`'s date. */
export function zonedDayStart(ts: number, timeZone: string): number {
  const date = localParts(ts, timeZone).slice(0, 10);
  const known = dayStarts.get(`${timeZone} ${date}`);
  if (known !== undefined) return known;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(y, m - 1, d);
  let best: number | null = null;
  for (let offset = -14 * 4; offset <= 14 * 4; offset++) {
    const candidate = wallMidnight - offset * 15 * 60_000;
    if (localParts(candidate, timeZone) !== `${date} 00:00:00`) continue;
    if (best === null || candidate < best) best = candidate;
  }
  if (best === null) throw new Error(`no local midnight found for ${date} in ${timeZone}`);
  dayStarts.set(`${timeZone} ${date}`, best);

  return best;
}
