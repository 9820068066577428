import type { Writable } from "node:stream";
import type { Genie, GroupByKey, UsageQuery } from "@genie/usage-core";
import { CommandLineError } from "../exit-codes.js";
import { openGenie, type RecorderFlags, resolveCliConfig } from "../open-genie.js";
import { parseFilters, parseInstant } from "../query-args.js";

/** What the commands need from the process, injectable for tests and embedding. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: NodeJS.WriteStream | (Writable & { isTTY?: boolean });
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where genie-usage is installed: recorders shipped with it are found from here. */
  bundledRoot?: string;
}

export interface GlobalOptions extends RecorderFlags {
  json?: boolean;
  verbose?: boolean;
}

/** Filter and time flags shared by summary, export and clear. */
export interface QueryOptions {
  by?: string;
  filter?: string[];
  since?: string;
  until?: string;
  tz?: string;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A core query from the command's flags. */
export function queryFromOptions(options: QueryOptions): UsageQuery {
  const timeZone = options.tz ?? "UTC";
  const filter: Record<string, unknown> = { ...parseFilters(options.filter ?? []) };
  if (options.since !== undefined) filter.since = parseInstant(options.since, timeZone);
  if (options.until !== undefined) filter.until = parseInstant(options.until, timeZone);
  const groupBy = (options.by ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === "model" ? "modelName" : s === "provider" ? "providerId" : s))
    .map((s) => (s === "user" ? "userId" : s === "session" ? "sessionId" : s));

  return {
    ...(Object.keys(filter).length > 0 ? { filter } : {}),
    ...(groupBy.length > 0 ? { groupBy: groupBy as GroupByKey[] } : {}),
    timeZone,
  };
}

/** Opens the configured Genie, runs `work`, and always flushes and closes it. */
export async function withGenie<T>(
  globals: GlobalOptions,
  io: CliIo,
  work: (genie: Genie) => Promise<T>,
): Promise<T> {
  const cli = await resolveCliConfig(globals, io.env, io.cwd);
  const genie = await openGenie(cli, io.bundledRoot);
  let result: T;
  try {
    result = await work(genie);
  } catch (error) {
    await genie.close().catch(() => {});
    throw error;
  }
  await genie.close();

  return result;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function requireChoice<T extends string>(
  flag: string,
  value: string,
  choices: readonly T[],
): T {
  if (!(choices as readonly string[]).includes(value))
    throw new CommandLineError(`${flag} must be one of ${choices.join(", ")} (got "${value}").`);

  return value as T;
}
