import { GenieUsageError } from "@genie/usage-core";
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
      if (!options.extractUsage) {
        throw new GenieUsageError(
          "INVALID_CONFIG",
          `Reading ${format} responses needs core's usage extraction (extractUsage), ` +
            "which this build of @genie/usage-core lacks.",
        );
      }
      return createProviderLineParser(format, options.extractUsage, options);
  }
}
