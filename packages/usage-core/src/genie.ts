import { type GenieConfig, type ResolvedConfig, resolveConfig } from "./config.js";
import { createRecorders } from "./create-recorders.js";
import { listRecorderChoices, type RecorderListing } from "./discovery.js";
import { createConfiguredPricer } from "./pricing/configured-pricer.js";
import { UsageFacade } from "./usage-facade.js";

/** The entry point: `const genie = await Genie.create(config)`. */
export class Genie {
  readonly usage: UsageFacade;
  readonly config: ResolvedConfig;

  private constructor(config: ResolvedConfig, usage: UsageFacade) {
    this.config = config;
    this.usage = usage;
  }

  /** Resolves the config and creates every recorder; fails fast on a missing plugin. */
  static async create(config: GenieConfig = {}): Promise<Genie> {
    const resolved = resolveConfig(config);
    const entries = await createRecorders(resolved);
    const pricer = await createConfiguredPricer(resolved.pricing, resolved.logger);

    return new Genie(resolved, new UsageFacade(entries, resolved.logger, pricer));
  }

  /** Stores everything accepted, then closes every recorder. */
  async close(): Promise<void> {
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
