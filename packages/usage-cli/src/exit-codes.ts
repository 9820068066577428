import {
  GenieUsageError,
  InvalidConfigError,
  InvalidQueryError,
  InvalidRecorderPluginError,
  RecorderNotFoundError,
  UnknownFilterKeyError,
} from "@genie/usage-core";

/** What `genie-usage` exits with (also in the README). */
export const EXIT = {
  ok: 0,
  /** An operation failed: a file could not be read, a strict import met a bad line. */
  failure: 1,
  /** The command line was wrong: unknown flag or command, bad value, invalid config. */
  usage: 2,
  /** The recorder could not be used: not installed, not a plugin, or its store unreachable. */
  recorder: 3,
  /** An import finished, but some lines were rejected (every good line was stored). */
  rejectedLines: 4,
} as const;

/** A command-line mistake found by the CLI itself (exit 2). */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandLineError";
  }
}

const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EAI_AGAIN",
]);

// ioredis gives up on a dead server with this error, which carries no errno code.
const UNREACHABLE_NAMES: ReadonlySet<string> = new Set(["MaxRetriesPerRequestError"]);

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let current = error; current && !seen.has(current); ) {
    seen.add(current);
    yield current;
    if (current instanceof AggregateError) yield* current.errors.flatMap((e) => [...causes(e)]);
    current = (current as { cause?: unknown }).cause;
  }
}

/** Whether an error (or one of its causes) says the store could not be reached. */
export function isUnreachable(error: unknown): boolean {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
    if (e instanceof Error && UNREACHABLE_NAMES.has(e.name)) return true;
  }

  return false;
}

/** The exit code an error stands for. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommandLineError) return EXIT.usage;
  if (
    error instanceof InvalidConfigError ||
    error instanceof InvalidQueryError ||
    error instanceof UnknownFilterKeyError
  )
    return EXIT.usage;
  if (error instanceof RecorderNotFoundError || error instanceof InvalidRecorderPluginError)
    return EXIT.recorder;
  if (isUnreachable(error)) return EXIT.recorder;
  if (error instanceof GenieUsageError && error.code === "INVALID_CONFIG") return EXIT.usage;

  return EXIT.failure;
}
