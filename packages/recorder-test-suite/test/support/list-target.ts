import type { ConformanceTarget } from "../../src/index.js";
import type { ListRecorder, ListStore } from "./list-recorder.js";

/** A persistent target whose store is a Map that outlives each recorder. */
export function listTarget(
  name: string,
  make: (store?: ListStore) => ListRecorder,
): ConformanceTarget {
  return {
    name,
    createRecorder: async () => make(),
    reopenRecorder: async (closed) => make((closed as ListRecorder).store),
    capabilities: { persistent: true },
  };
}
