import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { CommandLineError } from "../exit-codes.js";
import { formatCount } from "../format-table.js";
import {
  type CliIo,
  type GlobalOptions,
  printJson,
  type QueryOptions,
  queryFromOptions,
  withGenie,
} from "./context.js";
import { addFilterFlags } from "./query-flags.js";

interface ClearFlags extends QueryOptions {
  yes?: boolean;
}

async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function registerClear(program: Command, io: CliIo): void {
  const command = program
    .command("clear")
    .description("remove records matching the filter (all records without one)")
    .option("-y, --yes", "do not ask for confirmation (required when not on a terminal)");
  addFilterFlags(command).action(async (flags: ClearFlags, cmd: Command) => {
    const globals = cmd.optsWithGlobals<GlobalOptions>();
    const { filter } = queryFromOptions(flags);
    if (!flags.yes && !io.stdin.isTTY) {
      throw new CommandLineError(
        "clear removes records: pass --yes to confirm when not running on a terminal.",
      );
    }
    const removed = await withGenie(globals, io, async (genie) => {
      if (!flags.yes) {
        const { totalRecords } = await genie.usage.getSummary(filter ? { filter } : {});
        const what = filter ? "matching the filter" : "(every record)";
        const ok = await confirm(io, `Remove ${formatCount(totalRecords)} records ${what}?`);
        if (!ok) return undefined;
      }
      return genie.usage.clearRecords(filter ? { filter } : {});
    });
    if (removed === undefined) {
      io.stderr.write("Nothing removed.\n");
      return;
    }
    if (globals.json) printJson(io, { removed });
    else io.stdout.write(`Removed ${formatCount(removed)} records.\n`);
  });
}
