import type { TimeBucket } from "@genie/usage-core";

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

/** A time bucket's label: hour `2023-11-16 18:00`, day and week `2023-11-16`, month `2023-11`. */
export function formatBucket(ms: number, bucket: TimeBucket, timeZone = "UTC"): string {
  const p = partsIn(ms, timeZone);
  if (bucket === "hour") return `${p.year}-${p.month}-${p.day} ${p.hour}:00`;
  if (bucket === "month") return `${p.year}-${p.month}`;

  return `${p.year}-${p.month}-${p.day}`;
}
