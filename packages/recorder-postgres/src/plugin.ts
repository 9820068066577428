import { defineRecorderPlugin } from "@genie/usage-core";
import { createPostgresRecorder } from "./postgres-recorder.js";
import type { PostgresRecorderOptions } from "./types.js";

/** The package's default export: found by core as `postgres`. */
export const postgresRecorderPlugin = defineRecorderPlugin<PostgresRecorderOptions>({
  name: "postgres",
  create: (options, context) =>
    createPostgresRecorder(
      { ...options, logger: options.logger ?? context.logger },
      context.recorderId,
    ),
});
