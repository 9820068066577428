import { type TimeBucket, zoneOffset } from "@genie/usage-core";

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, timeZone: string): Record<string, string> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }

  return Object.fromEntries(formatter.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** `2023-11-16 18:17:03` as wall time in `timeZone`. */
export function formatInstant(ms: number, timeZone = "UTC"): string {
  const p = partsIn(ms, timeZone);

  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** A UTC offset as `+05:30` or `-04:00`. */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");

  return `${offsetMs < 0 ? "-" : "+"}${hh}:${mm}`;
}

/**
 * A time bucket's label: hour `2023-11-16 18:00`, day and week `2023-11-16`,
 * month `2023-11`. Outside UTC an hour label carries its UTC offset
 * (`2023-11-05 01:00 -04:00`), so the hour a clock repeats when it falls back
 * gives two different labels.
 */
export function formatBucket(ms: number, bucket: TimeBucket, timeZone = "UTC"): string {
  const p = partsIn(ms, timeZone);
  if (bucket === "hour") {
    const label = `${p.year}-${p.month}-${p.day} ${p.hour}:00`;
    return timeZone === "UTC" ? label : `${label} ${formatOffset(zoneOffset(ms, timeZone))}`;
  }
  if (bucket === "month") return `${p.year}-${p.month}`;

  return `${p.year}-${p.month}-${p.day}`;
}
