import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runRecorderConformanceSuite } from "@genie/recorder-test-suite";
import { listRecorders, type UsageRecorder } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { APP_ROOT, openUsage } from "../src/index.js";
import { GenieBackedRecorder } from "./genie-backed-recorder.js";

// Nothing here imports genie-recorder-jsonl: the app names it "jsonl" and core
// resolves the package from the app's node_modules.
const folder = mkdtempSync(join(tmpdir(), "genie-jsonl-app-"));
let files = 0;

async function open(dataFile: string): Promise<GenieBackedRecorder> {
  return new GenieBackedRecorder(await openUsage(dataFile), dataFile);
}

afterAll(() => rm(folder, { recursive: true, force: true }));

describe("the app's recorder choices", () => {
  it("lists jsonl from the app's dependencies", async () => {
    const choices = await listRecorders({ root: APP_ROOT, env: {} });
    expect(choices).toContainEqual({
      name: "jsonl",
      source: "genie-recorder-jsonl",
      origin: "dependency",
    });
  });

  it("loads the recorder the package exports under the id jsonl", async () => {
    const genie = await openUsage(join(folder, "ids.jsonl"));
    expect(genie.usage.recorderIds).toEqual(["jsonl"]);
    await genie.close();
  });
});

runRecorderConformanceSuite({
  name: "jsonl found by name",
  createRecorder: async () => {
    files += 1;
    return open(join(folder, `app-${files}.jsonl`));
  },
  reopenRecorder: async (closed: UsageRecorder) => open((closed as GenieBackedRecorder).dataFile),
  destroyRecorder: async (recorder: UsageRecorder) => {
    await rm((recorder as GenieBackedRecorder).dataFile, { force: true });
  },
  capabilities: { persistent: true },
});
