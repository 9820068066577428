import { dirname, resolve } from "node:path";
import {
  Genie,
  type GenieConfig,
  maskSecret,
  RecorderNotFoundError,
  type RecorderSelection,
} from "@genie/usage-core";
import { findConfigFile, loadConfigFile } from "./config-file.js";
import { CommandLineError } from "./exit-codes.js";

/** The flags every command shares for choosing a recorder. */
export interface RecorderFlags {
  /** Recorder name(s), comma separated. */
  recorder?: string;
  /** `key=value` options for the selected recorder(s). */
  recorderOption?: readonly string[];
  /** A config file path, or false for none (`--no-config`). */
  config?: string | false;
}

export interface CliConfig {
  config: GenieConfig;
  /** The config file used, if any. */
  configFile?: string;
  /** Where the recorder choice came from. */
  recorderFrom: "flag" | "config file" | "environment" | "default";
  /** Whether the config file set `root` itself (then no fallback lookup). */
  rootGiven: boolean;
}

/** `--recorder-option` values: numbers and booleans typed, the rest strings. */
function optionValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);

  return text;
}

function parseOptions(entries: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new CommandLineError(`--recorder-option "${entry}" must be key=value.`);
    options[entry.slice(0, eq).trim()] = optionValue(entry.slice(eq + 1));
  }

  return options;
}

function namesOf(selection: GenieConfig["features"]): string[] {
  const given = selection?.tokenUsageRecorder;
  if (given === undefined) return [];
  const list: readonly RecorderSelection[] = Array.isArray(given)
    ? given
    : [given as RecorderSelection];

  return list.filter((s): s is string => typeof s === "string");
}

/**
 * Builds the Genie config from, in order of precedence: flags, the config file
 * (`--config`, else the nearest genie.config.* from the current folder up), the
 * GENIE_USAGE_* environment variables (read by core), and defaults.
 */
export async function resolveCliConfig(
  flags: RecorderFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<CliConfig> {
  const configFile =
    flags.config === false
      ? undefined
      : flags.config
        ? resolve(cwd, flags.config)
        : findConfigFile(cwd);
  const fromFile = configFile ? await loadConfigFile(configFile) : {};
  const config: GenieConfig = { ...fromFile, env };
  if (configFile && config.root === undefined) config.root = dirname(configFile);
  let recorderFrom: CliConfig["recorderFrom"] = "default";
  if (fromFile.features?.tokenUsageRecorder !== undefined) recorderFrom = "config file";
  else if (env.GENIE_USAGE_RECORDER) recorderFrom = "environment";

  if (flags.recorder !== undefined) {
    const names = flags.recorder
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0) throw new CommandLineError("--recorder needs a recorder name.");
    config.features = {
      ...config.features,
      tokenUsageRecorder: names.length === 1 ? names[0]! : names,
    };
    recorderFrom = "flag";
  }
  if (flags.recorderOption?.length) {
    const options = parseOptions(flags.recorderOption);
    const names = namesOf(config.features);
    const targets = names.length > 0 ? names : (env.GENIE_USAGE_RECORDER ?? "memory").split(",");
    const configurations = { ...config.tokenUsageRecorderConfigurations };
    for (const name of targets.map((n) => n.trim()))
      configurations[name] = { ...configurations[name], ...options };
    config.tokenUsageRecorderConfigurations = configurations;
  }

  return {
    config,
    ...(configFile ? { configFile } : {}),
    recorderFrom,
    rootGiven: fromFile.root !== undefined,
  };
}

/**
 * Creates the Genie. A recorder not installed in the application is looked for
 * again beside genie-usage itself (`bundledRoot`), so the recorders it ships
 * work from any folder.
 */
export async function openGenie(cli: CliConfig, bundledRoot?: string): Promise<Genie> {
  try {
    return await Genie.create(cli.config);
  } catch (error) {
    if (!(error instanceof RecorderNotFoundError) || !bundledRoot || cli.rootGiven) throw error;
    try {
      return await Genie.create({ ...cli.config, root: bundledRoot });
    } catch (retry) {
      throw retry instanceof RecorderNotFoundError ? error : retry;
    }
  }
}

const SECRET_KEY = /pass(word)?|secret|token|api_?key/i;

/** Recorder options safe to print: connection strings masked, secret-looking keys hidden. */
export function maskOptions(options: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(value))
      masked[key] = maskSecret(value);
    else if (SECRET_KEY.test(key) && value !== undefined && value !== null) masked[key] = "***";
    else masked[key] = value;
  }

  return masked;
}
