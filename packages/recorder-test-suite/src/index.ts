export { runRecorderConformanceSuite } from "./run-suite.js";
export type { ConformanceTarget } from "./types.js";
