import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { TIME_BUCKETS, type UsageGroup } from "@genie/usage-core";
import type { Command } from "commander";
import { EXIT } from "../exit-codes.js";
import { type ExportFormat, writeGroups, writeRecords } from "../export-rows.js";
import {
  type CliIo,
  type GlobalOptions,
  type QueryOptions,
  queryFromOptions,
  requireChoice,
  withGenie,
} from "./context.js";
import { importInto, renderImportReport } from "./import.js";
import { addFilterFlags, GROUP_BY_HELP } from "./query-flags.js";

interface ExportFlags extends QueryOptions {
  format: string;
  inputFormat: string;
  out?: string;
}

// Time bucket keys leave as ISO instants, readable in a spreadsheet and by machines.
function withIsoBuckets(groups: readonly UsageGroup[]): UsageGroup[] {
  return groups.map((g) => {
    const key = { ...g.key };
    for (const bucket of TIME_BUCKETS) {
      const value = key[bucket];
      if (typeof value === "number") key[bucket] = new Date(value).toISOString();
    }
    return { ...g, key };
  });
}

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command("export")
    .description("write records (or grouped summaries with --by) as CSV or JSON Lines")
    .argument("[files...]", "files to import first (handy with the memory recorder)")
    .option("--format <format>", "output format: csv or jsonl", "csv")
    .option("--input-format <format>", "format of the files to import (as import --format)", "auto")
    .option("--by <keys>", `export grouped summaries instead of records; ${GROUP_BY_HELP}`)
    .option("--out <file>", "write to a file instead of standard output");
  addFilterFlags(command).action(async (files: string[], flags: ExportFlags, cmd: Command) => {
    const globals = cmd.optsWithGlobals<GlobalOptions>();
    const format = requireChoice<ExportFormat>("--format", flags.format, ["csv", "jsonl"]);
    const query = queryFromOptions(flags);
    const out: Writable = flags.out ? createWriteStream(flags.out) : io.stdout;
    const count = await withGenie(globals, io, async (genie) => {
      if (files.length > 0) {
        const report = await importInto(genie, files, { format: flags.inputFormat }, io);
        if (report.rejected > 0) {
          io.stderr.write(renderImportReport(report));
          setExit(EXIT.rejectedLines);
        }
      }
      if (query.groupBy) {
        const summary = await genie.usage.getSummary(query);
        const groups = withIsoBuckets(summary.groups ?? []);
        return writeGroups(groups, query.groupBy, format, out);
      }
      const records = genie.usage.listRecords(query.filter ? { filter: query.filter } : {});
      return writeRecords(records, format, out);
    });
    if (flags.out) {
      out.end();
      await finished(out);
      io.stderr.write(`Wrote ${count} rows to ${flags.out}.\n`);
    }
  });
}
