import { type GenieConfig, type ResolvedConfig, resolveConfig } from "./config.js";
import { createRecorders } from "./create-recorders.js";
import {
  listRecorderChoices,
  loadDevPlugins,
  loadRecorderPlugin,
  type RecorderListing,
} from "./discovery.js";
import { LLMFacade } from "./llm/llm-facade.js";
import { resolveLLMProvider } from "./llm/resolve-provider.js";
import { createConfiguredPricer } from "./pricing/configured-pricer.js";
import type { RecorderPlugin } from "./types.js";
import { UsageFacade } from "./usage-facade.js";

/** The entry point: `const genie = await Genie.create(config)`. */
export class Genie {
  readonly usage: UsageFacade;
  readonly llm: LLMFacade;
  readonly config: ResolvedConfig;

  private constructor(config: ResolvedConfig, usage: UsageFacade, llm: LLMFacade) {
    this.config = config;
    this.usage = usage;
    this.llm = llm;
  }

  /** Resolves the config and creates every recorder; fails fast on a missing plugin. */
  static async create(config: GenieConfig = {}): Promise<Genie> {
    const resolved = resolveConfig(config);
    const provider = await resolveLLMProvider(resolved, config.env ?? process.env);
    const pricer = await createConfiguredPricer(resolved.pricing, resolved.logger);
    const entries = await createRecorders(resolved);
    const usage = new UsageFacade(entries, resolved.logger, pricer);

    return new Genie(resolved, usage, new LLMFacade(provider, usage));
  }

  /** Ends open LLM streams (recording them), stores everything accepted, closes every recorder. */
  async close(): Promise<void> {
    await this.llm.close();
    await this.usage.close();
  }
}

/** What an application can select (DESIGN §4): conventional dependencies and dev-dir plugins. */
export async function listRecorders(
  config: Pick<GenieConfig, "root" | "pluginDevDirs" | "logger" | "env"> = {},
): Promise<RecorderListing[]> {
  const resolved = resolveConfig({ ...config, features: { tokenUsageRecorder: "none" } });

  return listRecorderChoices({
    root: resolved.root,
    pluginDevDirs: resolved.pluginDevDirs,
    logger: resolved.logger,
  });
}

/**
 * Loads the plugin a recorder name stands for, as `Genie.create` would (dev-dir
 * plugins first, then packages from the application's root), without creating
 * a recorder: no store is contacted. Throws RecorderNotFoundError or
 * InvalidRecorderPluginError.
 */
export async function loadRecorderPluginByName(
  name: string,
  config: Pick<GenieConfig, "root" | "pluginDevDirs" | "logger" | "env"> = {},
): Promise<{ plugin: RecorderPlugin<never>; source: string }> {
  const resolved = resolveConfig({ ...config, features: { tokenUsageRecorder: name } });
  const options = {
    root: resolved.root,
    pluginDevDirs: resolved.pluginDevDirs,
    logger: resolved.logger,
  };
  const devPlugins = await loadDevPlugins(options);

  return loadRecorderPlugin(name, devPlugins, options);
}
