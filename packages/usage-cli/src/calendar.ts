import { InvalidUsageRecordError, LIMITS } from "@genie/usage-core";

/**
 * Calendar checks for dates read from files and flags. `Date.UTC` and
 * `Date.parse` roll impossible fields over (February 30th becomes March 2nd,
 * hour 24 the next day); these refuse them instead, by checking that the
 * fields come back unchanged from the instant they make.
 */

/** Fields of a date-time as written: month 1-12, no rollover allowed. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

/** Epoch ms of the fields read as UTC, or undefined when they name no real instant. */
export function checkedUtc(f: DateFields): number | undefined {
  const { year, month, day, hour = 0, minute = 0, second = 0, millisecond = 0 } = f;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  const same =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second &&
    d.getUTCMilliseconds() === millisecond;

  return same ? ms : undefined;
}

// The calendar part of an ISO 8601 date-time: date, then optional hh:mm[:ss].
const ISO_FIELDS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * Why an ISO date-time's own fields are impossible (`2023-02-30`, `24:00`,
 * minute 60), or undefined when they are real or the text is not of that shape.
 * The fields are checked as written, before any zone offset applies.
 */
export function impossibleIsoDate(text: string): string | undefined {
  const m = ISO_FIELDS.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const fields: DateFields = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    ...(h === undefined ? {} : { hour: Number(h), minute: Number(mi) }),
    ...(s === undefined ? {} : { second: Number(s) }),
  };
  if (checkedUtc(fields) !== undefined) return undefined;

  return `is not a real date and time (${m[0]}): check the month, day and hours`;
}

/**
 * Throws when an instant read from a date or from epoch seconds lies before
 * the earliest time a record may carry (core reads anything smaller as seconds
 * given where milliseconds are due, and would say "multiply by 1000").
 */
export function checkEarliest(field: string, value: unknown, ms: number): void {
  if (ms >= LIMITS.minTimestampMs) return;
  const earliest = new Date(LIMITS.minTimestampMs).toISOString();
  throw new InvalidUsageRecordError(
    field,
    value,
    `is before ${earliest}, the earliest time a record may carry`,
  );
}
