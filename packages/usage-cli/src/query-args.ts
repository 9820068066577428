import {
  bucketStart,
  type Dimension,
  type UsageFilter,
  validateTimeZone,
  zoneOffset,
} from "@genie/usage-core";
import { impossibleIsoDate } from "./calendar.js";
import { CommandLineError } from "./exit-codes.js";

const KEY_ALIASES: Readonly<Record<string, Dimension>> = {
  provider: "providerId",
  providerId: "providerId",
  model: "modelName",
  modelName: "modelName",
  callType: "callType",
  "call-type": "callType",
  user: "userId",
  userId: "userId",
  session: "sessionId",
  sessionId: "sessionId",
};

/** A tag filter value: `true`, `false` and numbers are typed; quote them for a string. */
function tagValue(text: string): string | number | boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1);

  return text;
}

/**
 * `--filter key=value` (repeatable) into a core filter. A key given twice
 * matches either value; `key=` with nothing after it matches "not set" (null).
 * Tags: `tag:<name>=<value>`.
 */
export function parseFilters(entries: readonly string[]): UsageFilter {
  const filter: Record<string, unknown> = {};
  const tags: Record<string, string | number | boolean> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new CommandLineError(`--filter "${entry}" must be key=value.`);
    const key = entry.slice(0, eq).trim();
    const raw = entry.slice(eq + 1);
    if (key.startsWith("tag:") && key.length > 4) {
      tags[key.slice(4)] = tagValue(raw);
      continue;
    }
    const dimension = KEY_ALIASES[key];
    if (!dimension) {
      throw new CommandLineError(
        `--filter key "${key}" is unknown; use provider, model, callType, user, session or tag:<name>.`,
      );
    }
    const value = raw === "" ? null : raw;
    const previous = filter[dimension];
    filter[dimension] =
      previous === undefined
        ? value
        : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  if (Object.keys(tags).length > 0) filter.tags = tags;

  return filter as UsageFilter;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/;

/**
 * An instant from the command line: relative (`30m`, `12h`, `7d`, `2w` ago),
 * `today` / `yesterday` (local midnight), an ISO date-time with a zone, or a
 * date or date-time without one, read as wall time in `timeZone`.
 */
export function parseInstant(text: string, timeZone = "UTC", now = Date.now()): number {
  const zone = validateTimeZone(timeZone);
  const trimmed = text.trim();
  const relative = /^(\d+)([mhdw])$/.exec(trimmed);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  if (trimmed === "now") return now;
  if (trimmed === "today") return bucketStart(now, "day", zone);
  if (trimmed === "yesterday") return bucketStart(bucketStart(now, "day", zone) - 1, "day", zone);
  const impossible = impossibleIsoDate(trimmed);
  if (impossible) throw new CommandLineError(`"${text}" ${impossible}.`);
  const local = LOCAL_TIME.exec(trimmed);
  if (local) {
    const wall = Date.parse(`${local[1]}T${local[2] ?? "00:00"}Z`);
    if (!Number.isNaN(wall)) return wall - zoneOffset(wall - zoneOffset(wall, zone), zone);
  }
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) {
    throw new CommandLineError(
      `"${text}" is not a time; use an ISO date (2023-11-16, 2023-11-16T18:00Z), ` +
        "a relative one (30m, 12h, 7d, 2w), today or yesterday.",
    );
  }

  return ms;
}
