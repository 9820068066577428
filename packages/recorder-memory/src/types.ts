import type { Logger } from "@genie/usage-core";

/** Options of the in-memory recorder. */
export interface MemoryRecorderOptions {
  /**
   * Most records kept; past it the oldest are evicted and the running totals
   * shrink with them. Default: unbounded.
   */
  maxRecords?: number;
  /** Told when records are evicted (once per eviction burst). Default silent. */
  logger?: Logger;
}
