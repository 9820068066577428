export { APP_ROOT, openUsage } from "./open-usage.js";
