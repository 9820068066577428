import { runRecorderConformanceSuite } from "@genie/recorder-test-suite";
import { createMemoryRecorder } from "../src/index.js";

runRecorderConformanceSuite({
  name: "memory",
  createRecorder: async () => createMemoryRecorder(),
});

// The same contract holds with a bound that the suite's stores never reach.
runRecorderConformanceSuite({
  name: "memory (maxRecords)",
  createRecorder: async () => createMemoryRecorder({ maxRecords: 1_000_000 }),
});
