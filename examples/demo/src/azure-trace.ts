import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import type { UsageRecordInput } from "@genie/usage-core";

/** One row of the Azure LLM inference trace that could not be read. */
export class AzureTraceRowError extends Error {
  readonly line: number;

  constructor(file: string, line: number, reason: string) {
    super(`${basename(file)}:${line}: ${reason}`);
    this.name = "AzureTraceRowError";
    this.line = line;
  }
}

const HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";
// 2023-11-16 18:17:03.9799600: no zone in the file, UTC by the dataset's README.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const COUNT = /^\d+$/;

/** The model name a trace file stands for: `azure-code` or `azure-conv`. */
export function modelForTraceFile(file: string): string {
  const match = /_(code|conv)\.csv$/i.exec(basename(file));
  if (!match?.[1])
    throw new Error(`${basename(file)} is not an Azure trace file (*_code.csv or *_conv.csv).`);

  return `azure-${match[1].toLowerCase()}`;
}

/** Epoch milliseconds of a trace timestamp; sub-millisecond digits are truncated. */
export function parseTraceTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = ""] = m;
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));

  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
}

function rowToRecord(
  file: string,
  lineNumber: number,
  line: string,
  modelName: string,
): UsageRecordInput {
  const cells = line.split(",");
  if (cells.length !== 3)
    throw new AzureTraceRowError(file, lineNumber, `expected 3 columns, found ${cells.length}`);
  const [stamp = "", context = "", generated = ""] = cells;
  const timestamp = parseTraceTimestamp(stamp);
  if (timestamp === undefined)
    throw new AzureTraceRowError(file, lineNumber, `bad TIMESTAMP "${stamp}"`);
  if (!COUNT.test(context))
    throw new AzureTraceRowError(file, lineNumber, `bad ContextTokens "${context}"`);
  if (!COUNT.test(generated))
    throw new AzureTraceRowError(file, lineNumber, `bad GeneratedTokens "${generated}"`);

  return {
    providerId: "azure",
    modelName,
    timestamp,
    promptTokens: Number(context),
    completionTokens: Number(generated),
    callType: "chat",
  };
}

/**
 * Streams the records of one trace file (CRLF or LF, with or without a final
 * newline, header row required). Throws AzureTraceRowError naming the line.
 */
export async function* readAzureTrace(file: string): AsyncGenerator<UsageRecordInput> {
  const modelName = modelForTraceFile(file);
  const lines = createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (lineNumber === 1) {
      if (line.replace(/^\uFEFF/, "") !== HEADER) {
        throw new AzureTraceRowError(file, 1, `expected the header "${HEADER}"`);
      }
      continue;
    }
    if (line === "") continue;
    yield rowToRecord(file, lineNumber, line, modelName);
  }
}
