import type { Command } from "commander";
import { EXIT } from "../exit-codes.js";
import { renderSummary } from "../format-summary.js";
import {
  type CliIo,
  type GlobalOptions,
  printJson,
  type QueryOptions,
  queryFromOptions,
  withGenie,
} from "./context.js";
import { addImportFlags, type ImportFlags, importInto, renderImportReport } from "./import.js";
import { addFilterFlags, GROUP_BY_HELP } from "./query-flags.js";

export function registerSummary(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command("summary")
    .description("summarise recorded usage (importing the given files first, if any)")
    .argument("[files...]", "files to import before summarising (handy with the memory recorder)")
    .option("--by <keys>", GROUP_BY_HELP);
  addImportFlags(addFilterFlags(command)).action(
    async (files: string[], flags: QueryOptions & ImportFlags, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const query = queryFromOptions(flags);
      const { summary, report } = await withGenie(globals, io, async (genie) => {
        const imported = files.length > 0 ? await importInto(genie, files, flags, io) : undefined;
        return { summary: await genie.usage.getSummary(query), report: imported };
      });
      if (report && report.rejected > 0) {
        io.stderr.write(renderImportReport(report));
        setExit(EXIT.rejectedLines);
      }
      if (globals.json) printJson(io, summary);
      else
        io.stdout.write(
          renderSummary(summary, {
            groupBy: query.groupBy ?? [],
            timeZone: query.timeZone ?? "UTC",
          }),
        );
    },
  );
}
