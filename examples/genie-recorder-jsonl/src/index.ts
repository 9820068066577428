export { createJsonlRecorder, JsonlRecorder } from "./jsonl-recorder.js";
export { default } from "./plugin.js";
export type { JsonlRecorderOptions } from "./types.js";
