import { basename } from "node:path";
import { GenieUsageError, InvalidUsageRecordError } from "@genie/usage-core";
import { checkEarliest, checkedUtc } from "./calendar.js";
import { rejectReason } from "./errors.js";
import { readLines, tooLongReason } from "./read-lines.js";
import type { LineParser, UsageRecordInput } from "./types.js";

/** One row of the Azure LLM inference trace that could not be read. */
export class AzureTraceRowError extends GenieUsageError {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, reason: string, options?: { cause?: unknown }) {
    super("INVALID_USAGE_RECORD", `${basename(file)}:${line}: ${reason}`, options);
    this.file = file;
    this.line = line;
  }
}

export interface AzureTraceOptions {
  /** Default "azure". */
  providerId?: string;
  /** Default from the file name: `*_code.csv` gives "azure-code", `*_conv.csv` "azure-conv". */
  modelName?: string;
  /** Longer lines fail without being read into memory. Default 1 MiB. */
  maxLineBytes?: number;
}

export const AZURE_TRACE_HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";
// 2023-11-16 18:17:03.9799600: no zone in the file, UTC by the dataset's README.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** The model name a trace file stands for: `azure-code` or `azure-conv`. */
export function modelForTraceFile(file: string): string {
  const match = /_(code|conv)\.csv$/i.exec(basename(file));
  if (!match?.[1]) {
    throw new GenieUsageError(
      "INVALID_CONFIG",
      `${basename(file)} is not named like an Azure trace file (*_code.csv or *_conv.csv); ` +
        "name its model with --model.",
    );
  }

  return `azure-${match[1].toLowerCase()}`;
}

/**
 * Epoch milliseconds of a trace timestamp; sub-millisecond digits are truncated.
 * Undefined when the text is not of that shape, or names no real instant
 * (`2023-02-30`, hour 24, minute 60: never rolled over into another day).
 */
export function parseTraceTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = ""] = m;

  return checkedUtc({
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: Number(fraction.padEnd(3, "0").slice(0, 3)),
  });
}

// Numbers pass through as read, so core's validation names a negative or fractional count.
function tokenCount(text: string, column: string): number {
  if (!NUMBER.test(text.trim()))
    throw new InvalidUsageRecordError(column, text, "must be a number");

  return Number(text);
}

/**
 * A line parser for one trace file: checks the header on line 1, then maps each
 * row to a record (ContextTokens -> promptTokens, GeneratedTokens -> completionTokens).
 */
export function createAzureTraceParser(file: string, options: AzureTraceOptions = {}): LineParser {
  const providerId = options.providerId ?? "azure";
  const modelName = options.modelName ?? modelForTraceFile(file);

  return (line, lineNumber) => {
    if (lineNumber === 1) {
      if (line.replace(/^\uFEFF/, "").trim() === AZURE_TRACE_HEADER) return undefined;
      throw new InvalidUsageRecordError("header", line, `must be "${AZURE_TRACE_HEADER}"`);
    }
    if (line.trim() === "") return undefined;
    const cells = line.split(",");
    if (cells.length !== 3)
      throw new InvalidUsageRecordError("row", line, `must have 3 columns, has ${cells.length}`);
    const [stamp = "", context = "", generated = ""] = cells;
    const timestamp = parseTraceTimestamp(stamp.trim());
    if (timestamp === undefined) {
      const shaped = TIMESTAMP.test(stamp.trim());
      throw new InvalidUsageRecordError(
        "TIMESTAMP",
        stamp,
        shaped
          ? "is not a real date and time (check the month, day and hours)"
          : "must look like 2023-11-16 18:17:03.98",
      );
    }
    checkEarliest("TIMESTAMP", stamp, timestamp);

    return {
      providerId,
      modelName,
      timestamp,
      promptTokens: tokenCount(context, "ContextTokens"),
      completionTokens: tokenCount(generated, "GeneratedTokens"),
      callType: "chat",
    };
  };
}

/**
 * Streams the records of one trace file (CRLF or LF, with or without a final
 * newline, header row required), in constant memory. Throws AzureTraceRowError
 * naming the line of the first row that cannot be read.
 */
export async function* readAzureTrace(
  file: string,
  options: AzureTraceOptions = {},
): AsyncGenerator<UsageRecordInput> {
  const parse = createAzureTraceParser(file, options);
  for await (const { text, lineNumber, tooLong } of readLines(file, options)) {
    if (tooLong) throw new AzureTraceRowError(file, lineNumber, tooLongReason(tooLong));
    let record: UsageRecordInput | undefined;
    try {
      record = parse(text, lineNumber);
    } catch (error) {
      throw new AzureTraceRowError(file, lineNumber, rejectReason(error), { cause: error });
    }
    if (record) yield record;
  }
}
