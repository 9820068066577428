import { fileURLToPath } from "node:url";
import { Genie } from "@genie/usage-core";

/** This application's folder: recorder packages resolve from its package.json. */
export const APP_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The app's usage tracking: the recorder is chosen by its short name, and core
 * finds the package `genie-recorder-jsonl` among this app's dependencies.
 */
export function openUsage(dataFile: string): Promise<Genie> {
  return Genie.create({
    root: APP_ROOT,
    features: { tokenUsageRecorder: "jsonl" },
    tokenUsageRecorderConfigurations: { jsonl: { path: dataFile, flushIntervalMs: 0 } },
    // The records carry their own costUsd (or none); nothing is priced from a catalog.
    pricing: { catalog: false },
    env: {},
  });
}
