import type { Logger } from "./types.js";

const noop = (): void => {};

/** The default logger: says nothing. */
export const silentLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});

/** Fills the methods a console-like logger lacks, so callers can log without checks. */
export function normalizeLogger(logger: Partial<Logger> | undefined | null): Logger {
  if (!logger) return silentLogger;
  const bind = (level: keyof Logger): Logger[keyof Logger] =>
    typeof logger[level] === "function" ? logger[level].bind(logger) : noop;

  return { debug: bind("debug"), info: bind("info"), warn: bind("warn"), error: bind("error") };
}

/** A connection string with its password replaced by `***`, safe to print. */
export function maskSecret(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return connectionString.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  }
}
