import { defineRecorderPlugin, type RecorderPlugin } from "@genie/usage-core";
import { createMemoryRecorder } from "./memory-recorder.js";
import type { MemoryRecorderOptions } from "./types.js";

/** The `memory` recorder plugin, default export of the package. */
const memoryRecorderPlugin: RecorderPlugin<MemoryRecorderOptions> = defineRecorderPlugin({
  name: "memory",
  create: (options, context) =>
    createMemoryRecorder({ logger: context.logger, ...(options ?? {}) }),
});

export default memoryRecorderPlugin;
