import { postgresRecorderPlugin } from "./plugin.js";

export { MAX_TABLE_LENGTH } from "./identifiers.js";
export { SCHEMA_VERSION } from "./migrate.js";
export { createPostgresRecorder, migrate, type PostgresRecorder } from "./postgres-recorder.js";
export type { OverflowPolicy, PostgresRecorderOptions } from "./types.js";
export { postgresRecorderPlugin };
export default postgresRecorderPlugin;
