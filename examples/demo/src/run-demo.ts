import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAzureTrace } from "@genie/usage-cli";
import { Genie, type GenieConfig, type PriceOverride, type UsageSummary } from "@genie/usage-core";
import { formatDemoReport } from "./report.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The trace files shipped with the project. */
export const TRACE_FILES = [
  join(here, "../../data/azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv"),
  join(here, "../../data/azure-llm-inference-2023/AzureLLMInferenceTrace_conv.csv"),
];

/**
 * The trace does not say which models served it, so no catalog knows a price
 * for `azure-code` or `azure-conv`. The demo prices both explicitly, at a
 * GPT-4o-class list price (USD 2.50 / 10.00 per million input / output
 * tokens), and says so in its report.
 */
export const DEMO_PRICES: readonly PriceOverride[] = ["azure-code", "azure-conv"].map(
  (modelName) => ({
    providerId: "azure",
    modelName,
    inputPerMillion: 2.5,
    outputPerMillion: 10,
  }),
);

const PRICING_NOTE =
  "explicit demo prices: USD 2.50 in / 10.00 out per million tokens (GPT-4o class)";

export interface DemoResult {
  summary: UsageSummary;
  hourly: UsageSummary;
  report: string;
  elapsedMs: number;
}

/**
 * The main job: every row of the trace becomes one record through
 * genie.usage.recordUsage, into whatever recorder the config (or
 * GENIE_USAGE_RECORDER) selects; then a summary and an hourly breakdown.
 */
export async function runDemo(
  config: GenieConfig = {},
  files: readonly string[] = TRACE_FILES,
): Promise<DemoResult> {
  const genie = await Genie.create({
    root: join(here, ".."),
    pricing: { overrides: DEMO_PRICES },
    ...config,
  });
  try {
    const started = performance.now();
    for (const file of files) {
      for await (const record of readAzureTrace(file)) await genie.usage.recordUsage(record);
    }
    await genie.usage.flush();
    const elapsedMs = performance.now() - started;
    const summary = await genie.usage.getSummary();
    const hourly = await genie.usage.getSummary({ groupBy: ["hour"] });
    const recorderId = genie.usage.recorderIds[0] ?? "none";

    return {
      summary,
      hourly,
      elapsedMs,
      report: formatDemoReport({
        recorderId,
        summary,
        hourly,
        elapsedMs,
        pricingNote: PRICING_NOTE,
      }),
    };
  } finally {
    await genie.close();
  }
}
