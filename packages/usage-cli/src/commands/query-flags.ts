import type { Command } from "commander";
import { collect } from "./context.js";

/** --filter, --since, --until and --tz. */
export function addFilterFlags(command: Command): Command {
  return command
    .option(
      "--filter <key=value>",
      "provider, model, callType, user, session or tag:<name>; repeat to combine " +
        "(same key twice: either value; key= matches not set)",
      collect,
    )
    .option("--since <time>", "from (inclusive): ISO date, 7d, 12h, 30m, today, yesterday")
    .option("--until <time>", "to (exclusive): same forms as --since")
    .option("--tz <zone>", "IANA time zone for dates and time buckets", "UTC");
}

export const GROUP_BY_HELP =
  "group by: provider, model, callType, user, session, tag:<name>, hour, day, week, month " +
  "(comma separated)";
