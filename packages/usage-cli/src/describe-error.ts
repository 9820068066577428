import { InvalidConfigError } from "@genie/usage-core";
import { isUnreachable } from "./exit-codes.js";

function causeChain(error: unknown): string[] {
  const lines: string[] = [];
  let current = (error as { cause?: unknown })?.cause;
  for (let depth = 0; current && depth < 5; depth += 1) {
    lines.push(
      `caused by: ${current instanceof Error ? (current.stack ?? current.message) : String(current)}`,
    );
    current = (current as { cause?: unknown }).cause;
  }

  return lines;
}

/**
 * One clear line for an error (`genie-usage: ...`); with `verbose`, the stack
 * and every cause follow. Messages from core already mask passwords.
 */
export function describeError(error: unknown, verbose: boolean): string {
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidConfigError)
    message = `Invalid configuration: ${error.problems.join("; ")}`;
  else message = message.replace(/\s*\n\s*/g, " ");
  if (isUnreachable(error) && !/unreachable|cannot reach/i.test(message))
    message = `${message} (the store is unreachable: check its URL and that it is running)`;
  const line = `genie-usage: ${message}`;
  if (!verbose) return line;
  const stack = error instanceof Error && error.stack ? error.stack : "";

  return [line, stack, ...causeChain(error)].filter(Boolean).join("\n");
}
