import type { Genie } from "@genie/usage-core";
import type { Command } from "commander";
import { CommandLineError, EXIT } from "../exit-codes.js";
import { formatCount } from "../format-table.js";
import { importFiles } from "../import-files.js";
import { createProgressReporter } from "../progress.js";
import { DEFAULT_MAX_LINE_BYTES } from "../read-lines.js";
import { IMPORT_FORMATS, type ImportFormat, type ImportReport } from "../types.js";
import { type CliIo, type GlobalOptions, printJson, requireChoice, withGenie } from "./context.js";

export interface ImportFlags {
  format?: string;
  strict?: boolean;
  batchSize?: string;
  maxLineBytes?: string;
  provider?: string;
  model?: string;
  progress?: boolean;
}

// Larger batches only hold more records in memory at once (and one huge statement).
const MAX_BATCH_SIZE = 100_000;

// A JavaScript string holds at most about 512 MiB: no line can be longer.
const MAX_LINE_BYTES_CAP = 256 * 1024 * 1024;

/** Options of the import flags, shared by `import` and `summary <files...>`. */
export function addImportFlags(command: Command): Command {
  return command
    .option("--format <format>", `input format: auto, ${IMPORT_FORMATS.join(", ")}`, "auto")
    .option("--strict", "fail on the first bad line, before anything is written")
    .option("--batch-size <n>", "records per batch sent to the recorder (1 to 100000)", "1000")
    .option(
      "--max-line-bytes <n>",
      "longest line read; a longer one is rejected unread (default 1 MiB)",
      String(DEFAULT_MAX_LINE_BYTES),
    )
    .option("--provider <id>", "providerId for lines that carry none (Azure trace, responses)")
    .option("--model <name>", "modelName for lines that carry none")
    .option("--no-progress", "no progress output on standard error");
}

/**
 * Imports files into an open Genie, with progress on standard error. Counts
 * the store's records before (which also checks it answers, so a dead store
 * fails fast) and after, to report how many were stored, not just accepted.
 */
export async function importInto(
  genie: Genie,
  files: readonly string[],
  flags: ImportFlags,
  io: CliIo,
): Promise<ImportReport> {
  const format = requireChoice("--format", flags.format ?? "auto", ["auto", ...IMPORT_FORMATS]);
  const batchSize = Number(flags.batchSize ?? "1000");
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new CommandLineError(
      `--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE} (got "${flags.batchSize}").`,
    );
  }
  const maxLineBytes = Number(flags.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  if (
    !Number.isSafeInteger(maxLineBytes) ||
    maxLineBytes < 1 ||
    maxLineBytes > MAX_LINE_BYTES_CAP
  ) {
    throw new CommandLineError(
      `--max-line-bytes must be a whole number from 1 to ${MAX_LINE_BYTES_CAP} (got "${flags.maxLineBytes}").`,
    );
  }
  // Counting the store first also checks it answers, so a dead store fails fast.
  const before = (await genie.usage.getSummary({})).totalRecords;
  const progress =
    flags.progress === false ? undefined : createProgressReporter(io.stderr as NodeJS.WriteStream);
  try {
    const report = await importFiles(genie.usage, files, {
      format: format as ImportFormat | "auto",
      batchSize,
      maxLineBytes,
      strict: flags.strict === true,
      ...(flags.provider ? { providerId: flags.provider } : {}),
      ...(flags.model ? { modelName: flags.model } : {}),
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
    });
    await genie.usage.flush();
    report.stored = (await genie.usage.getSummary({})).totalRecords - before;
    return report;
  } finally {
    progress?.done();
  }
}

/** The stored line: what the store gained against what was accepted. */
function storedLine(report: ImportReport): string | undefined {
  const { stored, accepted } = report;
  if (stored === undefined) return undefined;
  const gained = `The store holds ${formatCount(stored)} more record${stored === 1 ? "" : "s"} than before`;
  if (stored === accepted) return `${gained}.`;
  if (stored < accepted) {
    const skipped = accepted - stored;
    return (
      `${gained}: ${formatCount(skipped)} accepted ${skipped === 1 ? "record was" : "records were"} ` +
      "not stored again (an id already stored, or repeated in the input)."
    );
  }

  return `${gained} (more than accepted: something else wrote to it meanwhile).`;
}

/** The human report: one line per file, the totals, then every kept reject with its line number. */
export function renderImportReport(report: ImportReport, maxRejects = 20): string {
  const lines = report.files.map(
    (f) =>
      `${f.file} (${f.format}): ${formatCount(f.accepted)} accepted, ` +
      `${formatCount(f.rejected)} rejected of ${formatCount(f.lines)} lines`,
  );
  lines.push(
    `Accepted ${formatCount(report.accepted)} records, rejected ${formatCount(report.rejected)} lines.`,
  );
  const stored = storedLine(report);
  if (stored) lines.push(stored);
  const shown = report.rejects.slice(0, maxRejects);
  for (const r of shown) lines.push(`  ${r.file}:${r.lineNumber}: ${r.reason}`);
  if (report.rejected > shown.length) {
    lines.push(
      `  ... and ${formatCount(report.rejected - shown.length)} more ` +
        "(--verbose lists up to 1,000, as does --json)",
    );
  }

  return `${lines.join("\n")}\n`;
}

export function registerImport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addImportFlags(
    program
      .command("import")
      .description("read usage from files into the configured recorder")
      .argument("<files...>", "files to import (Azure trace CSV or JSON Lines)"),
  ).action(async (files: string[], flags: ImportFlags, command: Command) => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    const report = await withGenie(globals, io, (genie) => importInto(genie, files, flags, io));
    if (globals.json) printJson(io, report);
    else io.stdout.write(renderImportReport(report, globals.verbose ? Infinity : 20));
    if (report.rejected > 0) setExit(EXIT.rejectedLines);
  });
}
