export type { UsageAttribution, UsageSink } from "../types.js";
export { createUsageMiddleware } from "./usage-middleware.js";
