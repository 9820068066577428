export {
  AZURE_TRACE_HEADER,
  type AzureTraceOptions,
  AzureTraceRowError,
  createAzureTraceParser,
  modelForTraceFile,
  parseTraceTimestamp,
  readAzureTrace,
} from "./azure-trace.js";
export { CONFIG_FILE_NAMES, findConfigFile, loadConfigFile } from "./config-file.js";
export { detectFormat } from "./detect-format.js";
export { ImportLineError } from "./errors.js";
export { EXIT } from "./exit-codes.js";
export { type ExportFormat, RECORD_COLUMNS, writeGroups, writeRecords } from "./export-rows.js";
export { renderSummary, type SummaryView } from "./format-summary.js";
export { type BatchSink, importFiles } from "./import-files.js";
export { type RunOptions, runCli } from "./program.js";
export { parseFilters, parseInstant } from "./query-args.js";
export type * from "./types.js";
export { IMPORT_FORMATS } from "./types.js";
