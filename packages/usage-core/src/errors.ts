import { maskSecrets } from "./logger.js";

/** Typed errors of the usage contract. Every one has a stable `code`. */

export type GenieUsageErrorCode =
  | "INVALID_USAGE_RECORD"
  | "INVALID_QUERY"
  | "UNKNOWN_FILTER_KEY"
  | "INVALID_CONFIG"
  | "RECORDER_NOT_FOUND"
  | "INVALID_RECORDER_PLUGIN"
  | "RECORDER_FAILED"
  | "RECORDER_CLOSED"
  | "FLUSH_INCOMPLETE"
  | "LLM_PROVIDER_ERROR"
  | "UNKNOWN_USAGE_FORMAT";

export class GenieUsageError extends Error {
  readonly code: GenieUsageErrorCode;

  constructor(code: GenieUsageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A record failed validation; names the field and the value. */
export class InvalidUsageRecordError extends GenieUsageError {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, reason: string) {
    super("INVALID_USAGE_RECORD", `Invalid usage record: ${field} ${reason} (got ${show(value)}).`);
    this.field = field;
    this.value = value;
  }
}

/** A query or groupBy was malformed (bad type, bad bucket, bad time zone). */
export class InvalidQueryError extends GenieUsageError {
  readonly field: string;

  constructor(field: string, message: string) {
    super("INVALID_QUERY", `Invalid usage query: ${field} ${message}`);
    this.field = field;
  }
}

/** A filter named a key outside the contract, or gave one as `undefined`. */
export class UnknownFilterKeyError extends GenieUsageError {
  readonly key: string;

  constructor(key: string, reason: string) {
    super("UNKNOWN_FILTER_KEY", `Filter key "${key}" ${reason}`);
    this.key = key;
  }
}

/** Configuration problems, every one reported at once. */
export class InvalidConfigError extends GenieUsageError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super("INVALID_CONFIG", `Invalid Genie usage configuration:\n- ${problems.join("\n- ")}`);
    this.problems = problems;
  }
}

export class RecorderNotFoundError extends GenieUsageError {
  readonly recorderName: string;
  readonly tried: readonly string[];

  constructor(recorderName: string, tried: readonly string[], root: string) {
    const install = tried[0] ? `pnpm add ${tried[0]}` : "";
    super(
      "RECORDER_NOT_FOUND",
      `No usage recorder found for "${recorderName}". Looked for ${tried
        .map((t) => `"${t}"`)
        .join(", ")} from ${root}` +
        (install ? `. Install it with: ${install} (or npm install ${tried[0]}).` : "."),
    );
    this.recorderName = recorderName;
    this.tried = tried;
  }
}

export class InvalidRecorderPluginError extends GenieUsageError {
  readonly source: string;

  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super(
      "INVALID_RECORDER_PLUGIN",
      `"${source}" is not a usage recorder plugin: ${reason}`,
      options,
    );
    this.source = source;
  }
}

/** One recorder failed an operation; names the recorder, carries the driver's error. */
export class RecorderFailedError extends GenieUsageError {
  readonly recorderId: string;
  readonly operation: string;

  constructor(recorderId: string, operation: string, cause: unknown) {
    super(
      "RECORDER_FAILED",
      `Recorder "${recorderId}" failed to ${operation}: ${messageOf(cause)}`,
      {
        cause,
      },
    );
    this.recorderId = recorderId;
    this.operation = operation;
  }
}

/** Several recorders failed in one fan-out; `errors` holds each RecorderFailedError. */
export class RecordersFailedError extends GenieUsageError {
  readonly errors: readonly RecorderFailedError[];

  constructor(errors: readonly RecorderFailedError[]) {
    super("RECORDER_FAILED", errors.map((e) => e.message).join("; "), { cause: errors[0] });
    this.errors = errors;
  }
}

export class RecorderClosedError extends GenieUsageError {
  constructor(what: string) {
    super("RECORDER_CLOSED", `${what} is closed; create a new one to record again.`);
  }
}

/** flush()/close() could not store everything that was accepted. */
export class FlushIncompleteError extends GenieUsageError {
  readonly notStored: number;

  constructor(recorderId: string, notStored: number, cause?: unknown) {
    super(
      "FLUSH_INCOMPLETE",
      `Recorder "${recorderId}" could not store ${notStored} accepted record(s)` +
        (cause ? `: ${messageOf(cause)}` : "."),
      { cause },
    );
    this.notStored = notStored;
  }
}

/** An LLM provider failed a call: HTTP status (null when no answer came), never the API key. */
export class LLMProviderError extends GenieUsageError {
  readonly providerId: string;
  readonly status: number | null;

  constructor(
    providerId: string,
    message: string,
    options: { status?: number | null; cause?: unknown } = {},
  ) {
    super("LLM_PROVIDER_ERROR", `LLM provider "${providerId}": ${message}`, {
      cause: options.cause,
    });
    this.providerId = providerId;
    this.status = options.status ?? null;
  }
}

/** An error's message with any secret in it masked (a driver may echo a URL). */
export function messageOf(error: unknown): string {
  return maskSecrets(error instanceof Error ? error.message : String(error));
}

function show(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return `Date(${value.getTime()})`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    if (typeof value === "number") return String(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return String(value);
  }
}

/** `extractUsage` or a stream accumulator was asked for a wire format it does not read. */
export class UnknownUsageFormatError extends GenieUsageError {
  readonly format: unknown;

  constructor(format: unknown, known: readonly string[]) {
    super(
      "UNKNOWN_USAGE_FORMAT",
      `"${String(format)}" is not a usage format; use one of ${known.join(", ")}.`,
    );
    this.format = format;
  }
}
