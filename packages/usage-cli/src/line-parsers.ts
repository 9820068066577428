import { createAzureTraceParser } from "./azure-trace.js";
import { createProviderLineParser } from "./provider-lines.js";
import { parsePythonLine, parseRecordLine } from "./record-lines.js";
import type { ImportFormat, ImportOptions, LineParser } from "./types.js";

/** The line parser for one file in one format. */
export function createLineParser(
  path: string,
  format: ImportFormat,
  options: ImportOptions,
): LineParser {
  switch (format) {
    case "azure-trace":
      return createAzureTraceParser(path, options);
    case "records":
      return parseRecordLine;
    case "python":
      return parsePythonLine;
    default:
      return createProviderLineParser(format, options);
  }
}
