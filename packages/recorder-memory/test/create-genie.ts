import { Genie, type GenieConfig } from "@genie/usage-core";

/**
 * A Genie that stores costs as given: with the price catalog on, core would
 * price the unpriced sample records before the recorder sees them.
 */
export function createGenie(config: GenieConfig): Promise<Genie> {
  return Genie.create({ ...config, pricing: { catalog: false } });
}
