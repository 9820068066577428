import { basename } from "node:path";
import { InvalidUsageRecordError } from "@genie/usage-core";
import { readLines } from "./read-lines.js";
import type { LineParser, UsageRecordInput } from "./types.js";

/** The header of the Azure LLM inference trace (2023). */
export const AZURE_TRACE_HEADER = ["TIMESTAMP", "ContextTokens", "GeneratedTokens"] as const;

export interface AzureTraceOptions {
  /** Default "azure". */
  providerId?: string;
  /** Default from the file name: `AzureLLMInferenceTrace_code.csv` gives "azure-code". */
  modelName?: string;
}

// `YYYY-MM-DD HH:MM:SS.fffffff`, no zone: UTC. Fractions past milliseconds are dropped.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;
const INTEGER = /^-?\d+(?:\.\d+)?$/;

/** The model name a trace file stands for: its service ("code", "conv") after "azure-". */
export function azureTraceModelName(path: string): string {
  const name = basename(path).replace(/\.csv$/i, "");
  const service = name.includes("_") ? name.slice(name.lastIndexOf("_") + 1) : name;

  return `azure-${service.toLowerCase()}`;
}

/** Epoch milliseconds of a trace timestamp such as `2023-11-16 18:17:03.9799600`. */
export function parseAzureTimestamp(text: string): number {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) {
    throw new InvalidUsageRecordError(
      "TIMESTAMP",
      text,
      "must look like 2023-11-16 18:17:03.9799600",
    );
  }
  const fraction = (match[3] ?? "").padEnd(3, "0").slice(0, 3);
  const ms = Date.parse(`${match[1]}T${match[2]}.${fraction}Z`);
  if (Number.isNaN(ms)) throw new InvalidUsageRecordError("TIMESTAMP", text, "is not a valid date");

  return ms;
}

function tokenCount(text: string | undefined, column: string): number {
  const trimmed = (text ?? "").trim();
  if (!INTEGER.test(trimmed)) throw new InvalidUsageRecordError(column, text, "must be a number");

  return Number(trimmed);
}

/**
 * A line parser for one trace file: checks the header on line 1, then maps each
 * row to a record (ContextTokens -> promptTokens, GeneratedTokens -> completionTokens).
 */
export function createAzureTraceParser(path: string, options: AzureTraceOptions = {}): LineParser {
  const providerId = options.providerId ?? "azure";
  const modelName = options.modelName ?? azureTraceModelName(path);

  return (text, lineNumber) => {
    if (text.trim() === "") return undefined;
    const cells = text.split(",");
    if (lineNumber === 1) {
      if (AZURE_TRACE_HEADER.every((name, i) => cells[i]?.trim() === name)) return undefined;
      throw new InvalidUsageRecordError(
        "header",
        text,
        `must be ${AZURE_TRACE_HEADER.join(",")} (is this an Azure LLM inference trace?)`,
      );
    }
    if (cells.length !== 3) throw new InvalidUsageRecordError("row", text, "must have 3 columns");

    return {
      providerId,
      modelName,
      timestamp: parseAzureTimestamp(cells[0]!),
      promptTokens: tokenCount(cells[1], "ContextTokens"),
      completionTokens: tokenCount(cells[2], "GeneratedTokens"),
    };
  };
}

/**
 * Streams the records of an Azure LLM inference trace CSV, constant memory.
 * A malformed row throws InvalidUsageRecordError naming the line.
 */
export async function* readAzureTrace(
  path: string,
  options: AzureTraceOptions = {},
): AsyncGenerator<UsageRecordInput> {
  const parse = createAzureTraceParser(path, options);
  for await (const line of readLines(path)) {
    let record: UsageRecordInput | undefined;
    try {
      record = parse(line.text, line.lineNumber);
    } catch (error) {
      if (error instanceof Error) error.message = `${path}:${line.lineNumber}: ${error.message}`;
      throw error;
    }
    if (record) yield record;
  }
}
