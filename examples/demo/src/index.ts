export {
  AzureTraceRowError,
  modelForTraceFile,
  parseTraceTimestamp,
  readAzureTrace,
} from "@genie/usage-cli";
export { type DemoReportInput, formatDemoReport } from "./report.js";
export { type DemoResult, runDemo, TRACE_FILES } from "./run-demo.js";
