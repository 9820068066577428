import { defineRecorderPlugin } from "@genie/usage-core";
import { createJsonlRecorder } from "./jsonl-recorder.js";
import type { JsonlRecorderOptions } from "./types.js";

/** Selected with `features: { tokenUsageRecorder: "jsonl" }`. */
const jsonlRecorderPlugin = defineRecorderPlugin<JsonlRecorderOptions>({
  name: "jsonl",
  create: (options, context) =>
    createJsonlRecorder({
      ...options,
      logger: options.logger ?? context.logger,
      recorderId: options.recorderId ?? context.recorderId,
    }),
});

export default jsonlRecorderPlugin;
