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

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s/]+)@/gi;
const KEYWORD_SECRET =
  /((?:^|[?&;,\s])(?:password|passwd|pwd|pass|auth|token|secret|api[_-]?key|access[_-]?key)\s*=\s*)('[^']*'|"[^"]*"|[^&;,\s]*)/gi;

/**
 * Text with every secret it may carry replaced by `***`: the password of each
 * URL (`scheme://user:password@host`, several in a list), and `password=`,
 * `auth=`, `token=`, `apiKey=` ... values in a query string or a libpq
 * keyword string. Safe to print.
 */
export function maskSecrets(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@").replace(KEYWORD_SECRET, "$1***");
}

/** A connection string with its password replaced by `***`, safe to print. */
export function maskSecret(connectionString: string): string {
  return maskSecrets(connectionString);
}
