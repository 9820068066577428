import { runRecorderConformanceSuite } from "../src/index.js";
import { ListRecorder } from "./support/list-recorder.js";

// A correct recorder passes every group, the persistent ones included.
runRecorderConformanceSuite({
  name: "list",
  createRecorder: async () => new ListRecorder(),
  reopenRecorder: async (closed) => new ListRecorder((closed as ListRecorder).store),
  capabilities: { persistent: true },
});
