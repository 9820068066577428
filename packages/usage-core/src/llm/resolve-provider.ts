import type { ResolvedConfig } from "../config.js";
import { InvalidConfigError } from "../errors.js";
import { anthropicPlugin } from "./anthropic-provider.js";
import { ollamaPlugin } from "./ollama-provider.js";
import { openAICompatiblePlugin } from "./openai-compatible-provider.js";
import type { LLMProvider, LLMProviderContext, LLMProviderPlugin } from "./types.js";

/** Provider names features.llm accepts, and the plugin each stands for. */
export const BUILT_IN_LLM_PROVIDERS: Readonly<Record<string, LLMProviderPlugin<never>>> = {
  "openai-compatible": openAICompatiblePlugin,
  openai: openAICompatiblePlugin,
  anthropic: anthropicPlugin,
  ollama: ollamaPlugin,
};

/** Type-checks an LLM provider plugin; a package's default export may be the result. */
export function defineLLMProviderPlugin<Options>(
  plugin: LLMProviderPlugin<Options>,
): LLMProviderPlugin<Options> {
  return plugin;
}

export function isLLMProvider(value: unknown): value is LLMProvider {
  const v = value as Partial<LLMProvider> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.name === "string" &&
    typeof v.complete === "function" &&
    typeof v.stream === "function"
  );
}

function isLLMProviderPlugin(value: unknown): value is LLMProviderPlugin<never> {
  const v = value as Partial<LLMProviderPlugin> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.name === "string" &&
    typeof v.create === "function"
  );
}

async function instantiate(
  plugin: LLMProviderPlugin<never>,
  configName: string,
  config: ResolvedConfig,
  context: LLMProviderContext,
): Promise<LLMProvider> {
  const options = config.llmProviderConfigurations[configName] ?? {};
  const provider = await plugin.create(options as never, context);
  if (!isLLMProvider(provider)) {
    throw new InvalidConfigError([
      `LLM provider plugin "${plugin.name}" created an object without name, complete and stream.`,
    ]);
  }

  return provider;
}

/**
 * features.llm as a provider: a built-in name (options from
 * llmProviderConfigurations[name]), a plugin ({ name, create }) or a provider
 * instance. Unset gives null: genie.llm then refuses calls.
 */
export async function resolveLLMProvider(
  config: ResolvedConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LLMProvider | null> {
  const selection = config.llm;
  const context: LLMProviderContext = { logger: config.logger, env };
  if (selection === undefined || selection === null || selection === "") return null;
  if (typeof selection === "string") {
    const plugin = BUILT_IN_LLM_PROVIDERS[selection];
    if (plugin) return instantiate(plugin, selection, config, context);
    throw new InvalidConfigError([
      `features.llm "${selection}" is not a built-in LLM provider; use one of ` +
        `${Object.keys(BUILT_IN_LLM_PROVIDERS).join(", ")}, or pass a provider or plugin object.`,
    ]);
  }
  if (isLLMProvider(selection)) return selection;
  if (isLLMProviderPlugin(selection))
    return instantiate(selection, selection.name, config, context);

  throw new InvalidConfigError([
    "features.llm must be a provider name, a plugin ({ name, create }) or a provider " +
      "({ name, complete, stream }).",
  ]);
}
