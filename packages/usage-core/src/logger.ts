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
// Parameter and keyword names whose value is a secret; whole names only.
const SECRET_NAMES = [
  "password",
  "passwd",
  "pwd",
  "pass",
  "auth",
  "token",
  "secret",
  "key",
  "sig",
  "api[_-]?key",
  "x-api-key",
  "access[_-]?key",
  "access[_-]?token",
  "client[_-]?secret",
].join("|");
const KEYWORD_SECRET = new RegExp(
  `((?:^|[?&;,\\s])(?:${SECRET_NAMES})\\s*=\\s*)('[^']*'|"[^"]*"|[^&;,\\s]*)`,
  "gi",
);

/**
 * Text with every secret it may carry replaced by `***`: the password of each
 * URL (`scheme://user:password@host`, several in a list), and `password=`,
 * `auth=`, `token=`, `key=`, `apiKey=`, `access_token=`, `client_secret=`,
 * `sig=` ... values in a query string or a libpq keyword string. Safe to print.
 */
export function maskSecrets(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@").replace(KEYWORD_SECRET, "$1***");
}

/** A connection string with its password replaced by `***`, safe to print. */
export function maskSecret(connectionString: string): string {
  return maskSecrets(connectionString);
}
