export { createMemoryRecorder, MemoryRecorder } from "./memory-recorder.js";
export { default } from "./plugin.js";
export type { MemoryRecorderOptions } from "./types.js";
