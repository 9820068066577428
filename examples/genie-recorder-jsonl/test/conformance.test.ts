import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runRecorderConformanceSuite } from "@genie/recorder-test-suite";
import type { UsageRecorder } from "@genie/usage-core";
import { afterAll } from "vitest";
import { createJsonlRecorder, type JsonlRecorder } from "../src/index.js";

const folder = mkdtempSync(join(tmpdir(), "genie-jsonl-conformance-"));
let files = 0;

async function open(path: string): Promise<JsonlRecorder> {
  return createJsonlRecorder({ path, flushIntervalMs: 0 });
}

runRecorderConformanceSuite({
  name: "jsonl",
  createRecorder: async () => {
    files += 1;
    return open(join(folder, `store-${files}.jsonl`));
  },
  reopenRecorder: async (closed: UsageRecorder) => open((closed as JsonlRecorder).path),
  destroyRecorder: async (recorder: UsageRecorder) => {
    await rm((recorder as JsonlRecorder).path, { force: true });
  },
  capabilities: { persistent: true },
});

afterAll(() => rm(folder, { recursive: true, force: true }));
