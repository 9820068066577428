import { USAGE_FORMATS, type UsageFormat, type UsageRecordInput } from "@genie/usage-core";

/** Line formats the importer reads. */
export const IMPORT_FORMATS = ["azure-trace", "records", "python", ...USAGE_FORMATS] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Provider response formats: read through core's usage extraction. */
export type ProviderFormat = UsageFormat;

/** Turns one line of text into a record; `undefined` skips it (a header, a blank line). */
export type LineParser = (text: string, lineNumber: number) => UsageRecordInput | undefined;

/** A line that could not be imported, and why. */
export interface LineReject {
  readonly file: string;
  readonly lineNumber: number;
  readonly reason: string;
}

export interface FileReport {
  readonly file: string;
  readonly format: ImportFormat;
  lines: number;
  /** Good lines handed to the recorder (a duplicate id among them is stored once). */
  accepted: number;
  rejected: number;
}

export interface ImportReport {
  readonly files: FileReport[];
  /** Good lines handed to the recorder with recordBatch, over every file. */
  accepted: number;
  rejected: number;
  /**
   * How many more records the store holds after the import than before it
   * (set by the command, which counts the store on both sides); fewer than
   * `accepted` when lines carried ids the store already had.
   */
  stored?: number;
  /** The first rejects, in order (at most `maxRejectsKept`); `rejected` counts them all. */
  readonly rejects: LineReject[];
}

export interface ImportProgress {
  readonly file: string;
  readonly fileIndex: number;
  readonly fileCount: number;
  /** Bytes read of this file and its size (0 when unknown, as for stdin). */
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Lines and records over every file so far. */
  readonly lines: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly elapsedMs: number;
  /** "validate" during the strict pre-pass, "import" while writing. */
  readonly phase: "validate" | "import";
}

export interface ImportOptions {
  /** A format, or "auto" (default) to detect it per file from its name and first lines. */
  format?: ImportFormat | "auto";
  /** Records per recordBatch call. Default 1000. */
  batchSize?: number;
  /** Fail on the first bad line, before anything is written (reads each file twice). */
  strict?: boolean;
  /** providerId for formats that do not carry one (Azure trace, provider responses). */
  providerId?: string;
  /** modelName for lines that do not carry one. */
  modelName?: string;
  /** Longer lines are rejected without being read into memory. Default 1 MiB. */
  maxLineBytes?: number;
  /** How many rejects the report lists in detail. Default 1000. */
  maxRejectsKept?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export type { UsageRecordInput };
