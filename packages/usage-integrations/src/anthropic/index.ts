export type { UsageAttribution, UsageSink } from "../types.js";
export { trackAnthropic } from "./track-anthropic.js";
