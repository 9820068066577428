export type { UsageAttribution, UsageSink } from "../types.js";
export {
  UsageCallbackHandler,
  type UsageCallbackHandlerOptions,
} from "./usage-callback-handler.js";
