import { runRecorderConformanceSuite } from "@genie/recorder-test-suite";
import type { UsageRecorder } from "@genie/usage-core";
import { createPostgresRecorder } from "../src/index.js";
import * as fixture from "./helpers.js";

/** Each recorder the suite makes gets its own schema, dropped when the suite is done with it. */
const schemas = new Map<UsageRecorder, string>();

async function open(schema: string): Promise<UsageRecorder> {
  const recorder = await createPostgresRecorder({
    connectionString: fixture.POSTGRES_URL,
    schema,
    flushIntervalMs: 10,
  });
  schemas.set(recorder, schema);

  return recorder;
}

runRecorderConformanceSuite({
  name: "postgres",
  createRecorder: () => open(fixture.testSchema("conformance")),
  reopenRecorder: (closed) => open(schemas.get(closed) as string),
  destroyRecorder: async (recorder) => {
    const schema = schemas.get(recorder);
    schemas.delete(recorder);
    await recorder.close().catch(() => {});
    if (schema && ![...schemas.values()].includes(schema)) await fixture.dropSchema(schema);
  },
  capabilities: { persistent: true },
  timeoutMs: 60_000,
});
