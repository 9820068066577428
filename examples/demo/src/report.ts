import type { UsageSummary, UsageTotals } from "@genie/usage-core";

const number = new Intl.NumberFormat("en-US");
const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const BAR_WIDTH = 40;

export interface DemoReportInput {
  recorderId: string;
  summary: UsageSummary;
  hourly: UsageSummary;
  elapsedMs: number;
  /** A line saying where prices came from, when the records were priced. */
  pricingNote?: string;
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");

  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

function totalsRow(label: string, t: UsageTotals): string[] {
  return [
    label,
    number.format(t.count),
    number.format(t.prompt),
    number.format(t.completion),
    number.format(t.total),
    t.unpricedRecords === t.count ? "-" : usd.format(t.costUsd),
  ];
}

function hourLabel(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13).replace("T", " ")}:00Z`;
}

/** The report a person reads after the demo: totals, models, hours, speed. */
export function formatDemoReport(input: DemoReportInput): string {
  const { summary, hourly } = input;
  const seconds = input.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.totalRecords / seconds) : summary.totalRecords;
  const lines = [
    `Genie usage demo: Azure LLM inference trace (November 2023), recorder "${input.recorderId}"`,
    "",
    `Records     ${number.format(summary.totalRecords)}`,
    `Prompt      ${number.format(summary.totalPromptTokens)} tokens`,
    `Completion  ${number.format(summary.totalCompletionTokens)} tokens`,
    `Total       ${number.format(summary.totalTokensOverall)} tokens`,
    `Cost        ${summary.unpricedRecords === summary.totalRecords ? "not priced" : usd.format(summary.totalCostUsd)}`,
    `Span        ${summary.firstTimestamp === null ? "-" : new Date(summary.firstTimestamp).toISOString()} .. ${
      summary.lastTimestamp === null ? "-" : new Date(summary.lastTimestamp).toISOString()
    }`,
  ];
  if (input.pricingNote) lines.push(`Prices      ${input.pricingNote}`);
  lines.push("", "By model", "");
  const models = Object.entries(summary.byModel).sort(([a], [b]) => (a < b ? -1 : 1));
  lines.push(
    ...table(
      ["model", "records", "prompt", "completion", "total", "cost"],
      models.map(([m, t]) => totalsRow(m, t)),
    ),
  );

  lines.push("", "By hour (UTC), total tokens", "");
  const groups = hourly.groups ?? [];
  const peak = Math.max(1, ...groups.map((g) => g.total));
  for (const group of groups) {
    const bar = "#".repeat(Math.max(1, Math.round((group.total / peak) * BAR_WIDTH)));
    const label = hourLabel(Number(group.key.hour));
    lines.push(
      `${label}  ${bar.padEnd(BAR_WIDTH)}  ${number.format(group.total).padStart(12)}  (${number.format(group.count)} records)`,
    );
  }
  lines.push(
    "",
    `Recorded ${number.format(summary.totalRecords)} records in ${seconds.toFixed(2)} s: ${number.format(rate)} records/s through genie.usage.recordUsage.`,
  );

  return lines.join("\n");
}
