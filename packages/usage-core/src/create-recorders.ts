import type { ResolvedConfig } from "./config.js";
import {
  type DiscoveryOptions,
  type LoadedPlugin,
  loadDevPlugins,
  loadRecorderPlugin,
} from "./discovery.js";
import { InvalidRecorderPluginError } from "./errors.js";
import { isRecorderPlugin, missingRecorderMethods } from "./plugin.js";
import { canonicalRecorderId, isNoneSelection } from "./recorder-names.js";
import type { RecorderPlugin, RecorderSelection, UsageRecorder } from "./types.js";

export interface RecorderEntry {
  readonly id: string;
  readonly recorder: UsageRecorder;
}

function uniqueId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n += 1) id = `${wanted}#${n}`;
  taken.add(id);

  return id;
}

async function instantiate(
  plugin: RecorderPlugin<never>,
  source: string,
  options: Record<string, unknown>,
  recorderId: string,
  config: ResolvedConfig,
): Promise<UsageRecorder> {
  const recorder = await plugin.create(options as never, { recorderId, logger: config.logger });
  const missing = missingRecorderMethods(recorder);
  if (missing.length > 0) {
    throw new InvalidRecorderPluginError(
      source,
      `create() returned an object without ${missing.join(", ")}.`,
    );
  }

  return recorder;
}

function optionsFor(config: ResolvedConfig, ...names: string[]): Record<string, unknown> {
  for (const name of names) {
    const options = config.recorderConfigurations[name];
    if (options) return options;
  }

  return {};
}

/**
 * Loads and creates every selected recorder at start-up, so a missing or broken
 * plugin fails here and not on the first call. On failure, closes what was made.
 */
export async function createRecorders(config: ResolvedConfig): Promise<RecorderEntry[]> {
  const discovery: DiscoveryOptions = {
    root: config.root,
    pluginDevDirs: config.pluginDevDirs,
    logger: config.logger,
  };
  const needsDev = config.recorders.some((s) => typeof s === "string" && !isNoneSelection(s));
  const devPlugins: LoadedPlugin[] = needsDev ? await loadDevPlugins(discovery) : [];
  const entries: RecorderEntry[] = [];
  const taken = new Set<string>();
  try {
    for (const [index, selection] of config.recorders.entries()) {
      const entry = await createOne(selection, index, devPlugins, discovery, config, taken);
      if (entry) entries.push(entry);
    }
  } catch (error) {
    await Promise.allSettled(entries.map((e) => e.recorder.close()));
    throw error;
  }

  return entries;
}

async function createOne(
  selection: RecorderSelection,
  index: number,
  devPlugins: readonly LoadedPlugin[],
  discovery: DiscoveryOptions,
  config: ResolvedConfig,
  taken: Set<string>,
): Promise<RecorderEntry | undefined> {
  if (typeof selection === "string") {
    if (isNoneSelection(selection)) return undefined;
    const loaded = await loadRecorderPlugin(selection, devPlugins, discovery);
    const id = uniqueId(canonicalRecorderId(selection), taken);
    const options = optionsFor(
      config,
      selection,
      canonicalRecorderId(selection),
      loaded.plugin.name,
    );
    return { id, recorder: await instantiate(loaded.plugin, loaded.source, options, id, config) };
  }
  if (isRecorderPlugin(selection)) {
    const id = uniqueId(selection.name, taken);
    const options = optionsFor(config, selection.name);
    return { id, recorder: await instantiate(selection, selection.name, options, id, config) };
  }
  const named = (selection as { id?: unknown }).id;

  return {
    id: uniqueId(typeof named === "string" ? named : `recorder${index}`, taken),
    recorder: selection,
  };
}
