import type { Logger } from "../types.js";
import { Pricer } from "./create-pricer.js";
import { loadPriceCatalog } from "./genai-prices-catalog.js";
import type { PriceCatalog } from "./types.js";
import type { ResolvedPricing } from "./validate-pricing.js";

/** The facade's pricer from the `pricing` config, or null when nothing can price. */
export async function createConfiguredPricer(
  pricing: ResolvedPricing,
  logger: Logger,
): Promise<Pricer | null> {
  let catalog: PriceCatalog | null = null;
  if (pricing.catalog) {
    try {
      catalog = await loadPriceCatalog();
    } catch (error) {
      logger.warn(
        "The price catalog @pydantic/genai-prices could not be loaded; only " +
          "pricing.overrides price records. Reinstall @genie/usage-core to restore it.",
        { error: String(error) },
      );
    }
  }
  if (catalog === null && pricing.overrides.length === 0) return null;

  return new Pricer(catalog, pricing.overrides, logger);
}
