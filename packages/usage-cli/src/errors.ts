import { GenieUsageError } from "@genie/usage-core";

/** `--strict` met a bad line: nothing was written. */
export class ImportLineError extends GenieUsageError {
  readonly file: string;
  readonly lineNumber: number;
  readonly reason: string;

  constructor(file: string, lineNumber: number, reason: string, options?: { cause?: unknown }) {
    super(
      "INVALID_USAGE_RECORD",
      `${file}:${lineNumber}: ${reason} (strict mode: nothing was imported)`,
      options,
    );
    this.file = file;
    this.lineNumber = lineNumber;
    this.reason = reason;
  }
}

/** The reason of a rejected line, without the "Invalid usage record:" preamble. */
export function rejectReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);

  return message.replace(/^Invalid usage record: /, "");
}
