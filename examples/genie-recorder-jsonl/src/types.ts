import type { Logger } from "@genie/usage-core";

/** Options of the JSON Lines recorder (`tokenUsageRecorderConfigurations.jsonl`). */
export interface JsonlRecorderOptions {
  /** The file to append to; created (with its folder) when missing. Default ./genie-usage.jsonl. */
  path?: string;
  /** fsync the file on every flush, so a flushed record survives a power cut. Default true. */
  fsync?: boolean;
  /** Records kept in memory before they are written out. Default 512. */
  batchSize?: number;
  /** Buffered records are written and synced at least this often, ms. Default 1000; 0 turns it off. */
  flushIntervalMs?: number;
  /** Where warnings go (a torn last line repaired, a failed write). Default silent. */
  logger?: Partial<Logger>;
  /** The recorder's id in the facade, used in error messages. Default "jsonl". */
  recorderId?: string;
}
