import { resolve } from "node:path";
import { InvalidConfigError, type Logger, normalizeLogger } from "@genie/usage-core";
import type { JsonlRecorderOptions } from "./types.js";

export const DEFAULT_FILE = "genie-usage.jsonl";

export interface JsonlSettings {
  path: string;
  fsync: boolean;
  batchSize: number;
  flushIntervalMs: number;
  logger: Logger;
  recorderId: string;
}

const KNOWN: ReadonlySet<string> = new Set([
  "path",
  "fsync",
  "batchSize",
  "flushIntervalMs",
  "logger",
  "recorderId",
]);

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min;
}

/** Checks the options and fills defaults; every problem is reported at once. */
export function resolveSettings(options: JsonlRecorderOptions = {}): JsonlSettings {
  const where = `tokenUsageRecorderConfigurations.${options.recorderId ?? "jsonl"}`;
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      problems.push(`${where}.${key} is not an option; use ${[...KNOWN].join(", ")}.`);
  }
  const path = options.path ?? DEFAULT_FILE;
  if (typeof path !== "string" || path.length === 0) {
    problems.push(`${where}.path must be a file path such as "./usage/genie-usage.jsonl".`);
  }
  if (options.fsync !== undefined && typeof options.fsync !== "boolean") {
    problems.push(`${where}.fsync must be true or false.`);
  }
  if (options.batchSize !== undefined && !isWholeNumber(options.batchSize, 1)) {
    problems.push(`${where}.batchSize must be a whole number >= 1.`);
  }
  if (options.flushIntervalMs !== undefined && !isWholeNumber(options.flushIntervalMs, 0)) {
    problems.push(`${where}.flushIntervalMs must be a whole number of milliseconds >= 0.`);
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);

  return {
    path: resolve(path),
    fsync: options.fsync ?? true,
    batchSize: options.batchSize ?? 512,
    flushIntervalMs: options.flushIntervalMs ?? 1000,
    logger: normalizeLogger(options.logger),
    recorderId: options.recorderId ?? "jsonl",
  };
}
