import { runRecorderConformanceSuite } from "../src/index.js";
import { ListRecorder } from "./support/list-recorder.js";
import { listTarget } from "./support/list-target.js";

// A correct recorder passes every group, the persistent ones included.
runRecorderConformanceSuite(listTarget("list", (store) => new ListRecorder(store)));
