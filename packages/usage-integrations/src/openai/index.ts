export type { UsageAttribution, UsageSink } from "../types.js";
export { trackOpenAI } from "./track-openai.js";
