import { existsSync, readdirSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  InvalidConfigError,
  InvalidRecorderPluginError,
  messageOf,
  RecorderNotFoundError,
} from "./errors.js";
import { findPackageDir, packageEntry, readDependencyNames } from "./package-resolution.js";
import { isRecorderPlugin, RECORDER_CONTRACT_VERSION } from "./plugin.js";
import { candidatePackages, isRecorderPackageName, shortRecorderName } from "./recorder-names.js";
import type { Logger, RecorderPlugin } from "./types.js";

export interface DiscoveryOptions {
  /** The application's root folder: packages resolve from here. */
  root: string;
  pluginDevDirs: readonly string[];
  logger: Logger;
}

export interface LoadedPlugin {
  plugin: RecorderPlugin<never>;
  /** Where it came from: a package name or a file path. */
  source: string;
}

const MODULE_EXTENSIONS: ReadonlySet<string> = new Set([".js", ".mjs", ".cjs"]);

async function importFile(file: string): Promise<unknown> {
  return import(pathToFileURL(file).href);
}

/** The plugin a module exports: its default, a CJS-wrapped default, or `plugin`. */
export function pluginFromModule(mod: unknown): RecorderPlugin<never> | undefined {
  let candidate: unknown = mod;
  for (let depth = 0; depth < 3 && candidate; depth += 1) {
    if (isRecorderPlugin(candidate)) return candidate;
    const record = candidate as Record<string, unknown>;
    if (isRecorderPlugin(record.plugin)) return record.plugin;
    candidate = record.default;
  }

  return undefined;
}

function checkContractVersion(loaded: LoadedPlugin, logger: Logger): void {
  const version = loaded.plugin.contractVersion;
  if (version === RECORDER_CONTRACT_VERSION) return;
  logger.warn(
    version === undefined
      ? `Recorder plugin "${loaded.plugin.name}" (${loaded.source}) declares no contract version; ` +
          `this core implements version ${RECORDER_CONTRACT_VERSION}.`
      : `Recorder plugin "${loaded.plugin.name}" (${loaded.source}) was built for contract version ` +
          `${version}, but this core implements version ${RECORDER_CONTRACT_VERSION}; ` +
          "update the plugin or core so their major versions match.",
    { plugin: loaded.plugin.name, contractVersion: version },
  );
}

async function loadModuleAt(file: string, source: string): Promise<LoadedPlugin> {
  let mod: unknown;
  try {
    mod = await importFile(file);
  } catch (error) {
    throw new InvalidRecorderPluginError(source, `loading ${file} failed: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const plugin = pluginFromModule(mod);
  if (!plugin) {
    throw new InvalidRecorderPluginError(
      source,
      "its default export is not a plugin with a string `name` and a `create` function " +
        "(build it with defineRecorderPlugin from @genie/usage-core).",
    );
  }

  return { plugin, source };
}

function devModuleFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (existsSync(join(path, "package.json"))) files.push(packageEntry(path));
      else if (existsSync(join(path, "index.js"))) files.push(join(path, "index.js"));
    } else if (MODULE_EXTENSIONS.has(extname(entry)) && !entry.endsWith(".d.ts")) {
      files.push(path);
    }
  }

  return files;
}

/** Every plugin in the `pluginDevDirs` folders, loaded in folder then file order. */
export async function loadDevPlugins(options: DiscoveryOptions): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  for (const dir of options.pluginDevDirs) {
    const abs = resolve(options.root, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new InvalidConfigError([
        `pluginDevDirs entry "${dir}" (${abs}) is not a folder; fix the path or remove it.`,
      ]);
    }
    for (const file of devModuleFiles(abs)) {
      const plugin = await loadModuleAt(file, file);
      checkContractVersion(plugin, options.logger);
      loaded.push(plugin);
    }
  }

  return loaded;
}

/**
 * Resolves a written recorder name: dev-dir plugins first (by plugin name or a
 * candidate package name), then the candidate packages from the application root.
 */
export async function loadRecorderPlugin(
  name: string,
  devPlugins: readonly LoadedPlugin[],
  options: DiscoveryOptions,
): Promise<LoadedPlugin> {
  const candidates = candidatePackages(name);
  const fromDev = devPlugins.find(
    (d) => d.plugin.name === name || candidates.includes(d.plugin.name),
  );
  if (fromDev) return fromDev;

  for (const packageName of candidates) {
    const dir = findPackageDir(packageName, options.root);
    if (!dir) continue;
    const loaded = await loadModuleAt(packageEntry(dir), packageName);
    checkContractVersion(loaded, options.logger);
    return loaded;
  }
  const searched = options.pluginDevDirs.length
    ? `${options.root} (and pluginDevDirs ${options.pluginDevDirs.join(", ")})`
    : options.root;
  throw new RecorderNotFoundError(name, candidates, searched);
}

export interface RecorderListing {
  /** The name to write in `features.tokenUsageRecorder`. */
  name: string;
  /** Package name, or the file a dev-dir plugin came from. */
  source: string;
  origin: "dependency" | "pluginDevDir";
}

/** What an application can select: its conventional dependencies and dev-dir plugins. */
export async function listRecorderChoices(options: DiscoveryOptions): Promise<RecorderListing[]> {
  const listings: RecorderListing[] = readDependencyNames(options.root)
    .filter(isRecorderPackageName)
    .map((packageName) => ({
      name: shortRecorderName(packageName),
      source: packageName,
      origin: "dependency",
    }));
  for (const dev of await loadDevPlugins(options)) {
    listings.push({ name: dev.plugin.name, source: dev.source, origin: "pluginDevDir" });
  }

  return listings;
}
