import { stat } from "node:fs/promises";
import { type UsageRecordInput, validateUsageRecord } from "@genie/usage-core";
import { detectFormat } from "./detect-format.js";
import { ImportLineError, rejectReason } from "./errors.js";
import { createLineParser } from "./line-parsers.js";
import { type NumberedLine, readLines, tooLongReason } from "./read-lines.js";
import type {
  FileReport,
  ImportFormat,
  ImportOptions,
  ImportProgress,
  ImportReport,
  LineParser,
} from "./types.js";

/** Where accepted records go: `genie.usage` or anything with its recordBatch. */
export interface BatchSink {
  recordBatch(records: readonly UsageRecordInput[]): Promise<void>;
}

const PROGRESS_EVERY_LINES = 1000;

interface PlannedFile {
  path: string;
  format: ImportFormat;
  size: number;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new Error(`Cannot read ${path}: ${why}.`, { cause: error });
  }
}

async function planFiles(files: readonly string[], options: ImportOptions): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const path of files) {
    const format =
      options.format && options.format !== "auto" ? options.format : await detectFormat(path);
    const size = path === "-" ? 0 : await sizeOf(path);
    planned.push({ path, format, size });
  }

  return planned;
}

/** One line through its parser and core's validation: the record, or the reason it fails. */
function checkLine(
  parse: LineParser,
  line: NumberedLine,
): { record?: UsageRecordInput; reason?: string } {
  if (line.tooLong) return { reason: tooLongReason(line.tooLong) };
  try {
    const record = parse(line.text, line.lineNumber);
    if (record) validateUsageRecord(record);
    return { record };
  } catch (error) {
    return { reason: rejectReason(error) };
  }
}

class Importer {
  readonly report: ImportReport = { files: [], accepted: 0, rejected: 0, rejects: [] };
  #lines = 0;
  readonly #started = Date.now();
  readonly #readOptions: { maxLineBytes?: number };

  constructor(
    private readonly sink: BatchSink,
    private readonly options: ImportOptions,
    private readonly fileCount: number,
  ) {
    this.#readOptions =
      options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes };
  }

  progress(file: PlannedFile, index: number, bytesRead: number, phase: "validate" | "import") {
    this.options.onProgress?.({
      file: file.path,
      fileIndex: index,
      fileCount: this.fileCount,
      bytesRead,
      totalBytes: file.size,
      lines: this.#lines,
      accepted: this.report.accepted,
      rejected: this.report.rejected,
      elapsedMs: Date.now() - this.#started,
      phase,
    } satisfies ImportProgress);
  }

  /** Strict pre-pass: reads a file and throws at its first bad line; writes nothing. */
  async validate(file: PlannedFile, index: number): Promise<void> {
    const parse = createLineParser(file.path, file.format, this.options);
    for await (const line of readLines(file.path, this.#readOptions)) {
      const { reason } = checkLine(parse, line);
      if (reason) throw new ImportLineError(file.path, line.lineNumber, reason);
      if (line.lineNumber % PROGRESS_EVERY_LINES === 0)
        this.progress(file, index, line.bytesRead, "validate");
    }
  }

  async import(file: PlannedFile, index: number): Promise<void> {
    const parse = createLineParser(file.path, file.format, this.options);
    const fileReport: FileReport = {
      file: file.path,
      format: file.format,
      lines: 0,
      accepted: 0,
      rejected: 0,
    };
    this.report.files.push(fileReport);
    const batchSize = this.options.batchSize ?? 1000;
    const keep = this.options.maxRejectsKept ?? 1000;
    let batch: UsageRecordInput[] = [];
    let bytesRead = 0;

    const send = async (): Promise<void> => {
      if (batch.length === 0) return;
      const records = batch;
      batch = [];
      await this.sink.recordBatch(records);
      fileReport.accepted += records.length;
      this.report.accepted += records.length;
      this.progress(file, index, bytesRead, "import");
    };

    for await (const line of readLines(file.path, this.#readOptions)) {
      fileReport.lines = line.lineNumber;
      this.#lines += 1;
      bytesRead = line.bytesRead;
      const { record, reason } = checkLine(parse, line);
      if (reason) {
        fileReport.rejected += 1;
        this.report.rejected += 1;
        if (this.report.rejects.length < keep)
          this.report.rejects.push({ file: file.path, lineNumber: line.lineNumber, reason });
      } else if (record) {
        batch.push(record);
        if (batch.length >= batchSize) await send();
      }
    }
    await send();
    this.progress(file, index, file.size, "import");
  }
}

/**
 * Imports usage files into a sink (`genie.usage`): streams each file line by
 * line (constant memory), validates every line with core's rules, sends good
 * records in batches and reports each bad line with its number and reason.
 *
 * With `strict`, every file is first read and validated in full, and the first
 * bad line throws ImportLineError before a single record is written; the files
 * are then read a second time to import. (Standard input cannot be read twice,
 * so strict mode rejects "-".)
 */
export async function importFiles(
  sink: BatchSink,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const planned = await planFiles(files, options);
  const importer = new Importer(sink, options, planned.length);
  if (options.strict) {
    if (planned.some((f) => f.path === "-")) {
      throw new ImportLineError(
        "-",
        0,
        "strict mode reads a file twice and cannot take standard input",
      );
    }
    for (const [index, file] of planned.entries()) await importer.validate(file, index);
  }
  for (const [index, file] of planned.entries()) await importer.import(file, index);

  return importer.report;
}
