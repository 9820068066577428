import { delimiter } from "node:path";
import { InvalidConfigError } from "./errors.js";
import type { LLMProvider, LLMProviderPlugin } from "./llm/types.js";
import { normalizeLogger } from "./logger.js";
import { findApplicationRoot } from "./package-resolution.js";
import { isRecorderPlugin, isUsageRecorder } from "./plugin.js";
import type { PricingConfig } from "./pricing/types.js";
import { type ResolvedPricing, resolvePricing } from "./pricing/validate-pricing.js";
import type { Logger, RecorderSelection } from "./types.js";

export type RecorderConfigurations = Record<string, Record<string, unknown>>;

export interface GenieFeatures {
  /** A recorder name, plugin or instance, or a list of them. Default "memory". */
  tokenUsageRecorder?: RecorderSelection | readonly RecorderSelection[];
  /** The LLM provider for genie.llm: a built-in name, a provider plugin or a provider. */
  llm?: string | LLMProvider | LLMProviderPlugin<never>;
}

export interface GenieConfig {
  features?: GenieFeatures;
  /** Options per recorder, keyed by the name written in features (or the plugin's name). */
  tokenUsageRecorderConfigurations?: RecorderConfigurations;
  llmProviderConfigurations?: Record<string, Record<string, unknown>>;
  /** Local folders whose modules load as recorder plugins before any package lookup. */
  pluginDevDirs?: readonly string[];
  /** The application's root (its package.json folder); default: found from cwd. */
  root?: string;
  logger?: Partial<Logger>;
  /** Environment to read GENIE_USAGE_* from; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** How records without a costUsd are priced: the bundled catalog and overrides. */
  pricing?: PricingConfig;
}

export interface ResolvedConfig {
  recorders: RecorderSelection[];
  recorderConfigurations: RecorderConfigurations;
  llm: unknown;
  llmProviderConfigurations: Record<string, Record<string, unknown>>;
  pluginDevDirs: string[];
  root: string;
  logger: Logger;
  pricing: ResolvedPricing;
}

const CONFIG_KEYS: ReadonlySet<string> = new Set([
  "features",
  "tokenUsageRecorderConfigurations",
  "llmProviderConfigurations",
  "pluginDevDirs",
  "root",
  "logger",
  "env",
  "pricing",
]);
// npm's package-name characters; no path segments, so a name cannot leave node_modules.
const RECORDER_NAME =
  /^(?:@[a-z0-9~][a-z0-9._~-]*(?:\/[a-z0-9~][a-z0-9._~-]*)?|[a-z0-9~][a-z0-9._~-]*)$/;

const FEATURE_KEYS: ReadonlySet<string> = new Set(["tokenUsageRecorder", "llm"]);

/** Environment variables mapped onto recorder options (explicit config wins). */
const ENV_OPTIONS: readonly { variable: string; recorder: string; option: string }[] = [
  { variable: "GENIE_USAGE_POSTGRES_URL", recorder: "postgres", option: "connectionString" },
  { variable: "GENIE_USAGE_POSTGRES_SCHEMA", recorder: "postgres", option: "schema" },
  { variable: "GENIE_USAGE_POSTGRES_TABLE", recorder: "postgres", option: "table" },
  { variable: "GENIE_USAGE_REDIS_URL", recorder: "redis", option: "url" },
  { variable: "GENIE_USAGE_REDIS_PREFIX", recorder: "redis", option: "prefix" },
];

function splitList(value: string, separator: string | RegExp): string[] {
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function checkSelection(selection: unknown, where: string, problems: string[]): void {
  if (typeof selection === "string") {
    if (selection.trim() === "") {
      problems.push(`${where} is an empty string; name a recorder such as "memory".`);
    } else if (!RECORDER_NAME.test(selection) || selection.includes("..")) {
      problems.push(
        `${where} ("${selection}") is not a recorder name: use a short name such as "postgres", ` +
          'a scope such as "@acme" or "@acme/name", or a package name.',
      );
    }
    return;
  }
  if (isRecorderPlugin(selection) || isUsageRecorder(selection)) return;
  problems.push(
    `${where} must be a recorder name, a plugin ({ name, create }) or a recorder instance ` +
      "(recordUsage, getSummary, clearRecords, flush, close).",
  );
}

function readRecorders(
  config: GenieConfig,
  env: GenieConfig["env"],
  problems: string[],
): RecorderSelection[] {
  const given = config.features?.tokenUsageRecorder;
  if (given !== undefined) {
    const list = (Array.isArray(given) ? given : [given]) as unknown[];
    if (list.length === 0)
      problems.push('features.tokenUsageRecorder is an empty list; use "none" for no recorder.');
    for (const [i, s] of list.entries())
      checkSelection(s, `features.tokenUsageRecorder[${i}]`, problems);
    return list as RecorderSelection[];
  }
  const fromEnv = env?.GENIE_USAGE_RECORDER;
  if (fromEnv === undefined || fromEnv === "") return ["memory"];
  const names = splitList(fromEnv, ",");
  if (names.length === 0) {
    problems.push(
      `GENIE_USAGE_RECORDER="${fromEnv}" names no recorder; use "none" for no recorder.`,
    );
  }
  for (const name of names) checkSelection(name, `GENIE_USAGE_RECORDER entry "${name}"`, problems);

  return names;
}

function readRecorderConfigurations(
  config: GenieConfig,
  env: GenieConfig["env"],
  problems: string[],
): RecorderConfigurations {
  const given = config.tokenUsageRecorderConfigurations ?? {};
  if (typeof given !== "object" || Array.isArray(given)) {
    problems.push("tokenUsageRecorderConfigurations must be an object keyed by recorder name.");
    return {};
  }
  const merged: RecorderConfigurations = {};
  for (const [name, options] of Object.entries(given)) {
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      problems.push(`tokenUsageRecorderConfigurations.${name} must be an object of options.`);
      continue;
    }
    merged[name] = { ...options };
  }
  for (const { variable, recorder, option } of ENV_OPTIONS) {
    const value = env?.[variable];
    if (!value) continue;
    merged[recorder] ??= {};
    const target = merged[recorder];
    if (target[option] === undefined) target[option] = value;
  }

  return merged;
}

/**
 * Normalises a config: explicit settings first, then GENIE_USAGE_* variables,
 * then defaults. Every problem is reported at once in one InvalidConfigError.
 */
export function resolveConfig(config: GenieConfig = {}): ResolvedConfig {
  const problems: string[] = [];
  if (typeof config !== "object" || config === null)
    throw new InvalidConfigError(["config must be an object."]);
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) problems.push(`"${key}" is not a configuration option.`);
  }
  for (const key of Object.keys(config.features ?? {})) {
    if (!FEATURE_KEYS.has(key))
      problems.push(`features.${key} is not a feature; use tokenUsageRecorder or llm.`);
  }
  const env = config.env ?? process.env;
  const recorders = readRecorders(config, env, problems);
  const recorderConfigurations = readRecorderConfigurations(config, env, problems);

  let pluginDevDirs: string[] = [];
  if (config.pluginDevDirs !== undefined) {
    if (
      !Array.isArray(config.pluginDevDirs) ||
      config.pluginDevDirs.some((d) => typeof d !== "string")
    ) {
      problems.push("pluginDevDirs must be an array of folder paths.");
    } else pluginDevDirs = [...config.pluginDevDirs];
  } else if (env.GENIE_USAGE_PLUGIN_DIRS) {
    pluginDevDirs = splitList(env.GENIE_USAGE_PLUGIN_DIRS, delimiter);
  }
  const logger = config.logger as unknown;
  if (
    logger !== undefined &&
    logger !== null &&
    (typeof logger !== "object" || Array.isArray(logger))
  ) {
    problems.push("logger must be a console-like object with debug, info, warn and error methods.");
  }
  if (config.root !== undefined && typeof config.root !== "string")
    problems.push("root must be a folder path.");
  const pricing = resolvePricing(config.pricing, problems, env);
  if (problems.length > 0) throw new InvalidConfigError(problems);

  return {
    recorders,
    recorderConfigurations,
    llm: config.features?.llm ?? env.GENIE_USAGE_LLM,
    llmProviderConfigurations: { ...(config.llmProviderConfigurations ?? {}) },
    pluginDevDirs,
    root: config.root ?? env.GENIE_USAGE_ROOT ?? findApplicationRoot(),
    logger: normalizeLogger(config.logger),
    pricing,
  };
}
