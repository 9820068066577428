import { join } from "node:path";
import { APP_ROOT, openUsage } from "./open-usage.js";

// Records two calls into ./usage.jsonl (or the file given) and prints the totals.
const dataFile = process.argv[2] ?? join(APP_ROOT, "usage.jsonl");
const genie = await openUsage(dataFile);
await genie.usage.recordUsage({ providerId: "openai", modelName: "gpt-4o", promptTokens: 120 });
await genie.usage.recordUsage({ providerId: "openai", modelName: "gpt-4o", completionTokens: 30 });
const summary = await genie.usage.getSummary();
await genie.close();
process.stdout.write(
  `${dataFile}: ${summary.totalRecords} records, ${summary.totalTokensOverall} tokens\n`,
);
