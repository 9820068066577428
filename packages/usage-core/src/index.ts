export {
  accumulate,
  buildSummary,
  createAccumulator,
  emptySummary,
  emptyTotals,
  NANOS_PER_USD,
  nanosToUsd,
  type TotalsAccumulator,
  toTotals,
  usdToNanos,
} from "./aggregate.js";
export {
  type GenieConfig,
  type GenieFeatures,
  type RecorderConfigurations,
  type ResolvedConfig,
  resolveConfig,
} from "./config.js";
export type { RecorderListing } from "./discovery.js";
export * from "./errors.js";
export {
  createStreamUsageAccumulator,
  extractUsage,
  isUsageFormat,
} from "./extraction/extract-usage.js";
export {
  type StreamUsage,
  type StreamUsageAccumulator,
  USAGE_FORMATS,
  type UsageFormat,
} from "./extraction/types.js";
export { Genie, listRecorders, loadRecorderPluginByName } from "./genie.js";
export { LIMITS } from "./limits.js";
export {
  type AnthropicProviderOptions,
  createAnthropicProvider,
} from "./llm/anthropic-provider.js";
export {
  buildUsageRecord,
  type CallAttribution,
  resolveAttribution,
} from "./llm/build-record.js";
export { LLMFacade } from "./llm/llm-facade.js";
export { createOllamaProvider } from "./llm/ollama-provider.js";
export { createOpenAICompatibleProvider } from "./llm/openai-compatible-provider.js";
export type { HttpProviderOptions } from "./llm/provider-options.js";
export {
  BUILT_IN_LLM_PROVIDERS,
  defineLLMProviderPlugin,
  isLLMProvider,
} from "./llm/resolve-provider.js";
export type * from "./llm/types.js";
export { maskSecret, maskSecrets, normalizeLogger, silentLogger } from "./logger.js";
export { groupKeyOf, matchesFilter } from "./match-filter.js";
export {
  defineRecorderPlugin,
  isRecorderPlugin,
  isUsageRecorder,
  RECORDER_CONTRACT_VERSION,
} from "./plugin.js";
export {
  createPricer,
  type Pricer,
  type PricerOptions,
  priceUsage,
} from "./pricing/create-pricer.js";
export { loadPriceCatalog } from "./pricing/genai-prices-catalog.js";
export { type PriceKey, priceKeys } from "./pricing/model-names.js";
export type * from "./pricing/types.js";
export {
  candidatePackages,
  isRecorderPackageName,
  shortRecorderName,
} from "./recorder-names.js";
export { revalidateFilter, revalidateQuery } from "./revalidate-query.js";
export { sortGroups } from "./sort-groups.js";
export { bucketStart, zoneOffset } from "./time-buckets.js";
export type * from "./types.js";
export { DIMENSIONS, TIME_BUCKETS, USAGE_TOTALS_FIELDS } from "./types.js";
export {
  currentUsageContext,
  mergeUsageContext,
  type UsageContext,
  validateUsageContext,
  withUsageContext,
} from "./usage-context.js";
export { type ClearQuery, UsageFacade } from "./usage-facade.js";
export { normalizeFilter, normalizeQuery, validateTimeZone } from "./validate-query.js";
export {
  GENERATED_ID_PREFIX,
  generateRecordId,
  lastGeneratedIdCounter,
  validateTags,
  validateUsageRecord,
} from "./validate-record.js";
