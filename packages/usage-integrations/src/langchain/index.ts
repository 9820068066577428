export type { UsageAttribution, UsageSink } from "../types.js";
export { UsageCallbackHandler } from "./usage-callback-handler.js";
