import { InvalidUsageRecordError, validateUsageContext } from "@genie/usage-core";
import type { UsageAttribution } from "./types.js";

/**
 * Checks an integration's attribution when the integration is set up, so that
 * bad attribution (tags that are not a flat plain object, a userId that is not
 * a string) fails there, with InvalidUsageRecordError, instead of every
 * record it would have made.
 */
export function checkAttribution(attribution: UsageAttribution | undefined): void {
  if (attribution === undefined) return;
  validateUsageContext(attribution, "attribution");
  for (const key of ["callType", "providerId"] as const) {
    const value: unknown = attribution[key];
    if (value !== undefined && (typeof value !== "string" || value.trim() === "")) {
      throw new InvalidUsageRecordError(`attribution.${key}`, value, "must be a non-empty string");
    }
  }
}
