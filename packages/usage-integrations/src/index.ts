export type { UsageAttribution, UsageSink } from "./types.js";
