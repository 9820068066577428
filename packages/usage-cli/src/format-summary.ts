import {
  type GroupByKey,
  TIME_BUCKETS,
  type TimeBucket,
  type UsageSummary,
  type UsageTotals,
} from "@genie/usage-core";
import { type Column, formatCount, formatUsd, renderBar, renderTable } from "./format-table.js";
import { formatBucket, formatInstant } from "./format-time.js";

export interface SummaryView {
  groupBy: readonly GroupByKey[];
  timeZone: string;
}

const COUNT_COLUMNS: readonly Column[] = [
  { header: "records", align: "right" },
  { header: "prompt", align: "right" },
  { header: "completion", align: "right" },
  { header: "total", align: "right" },
  { header: "cached", align: "right" },
  { header: "cost", align: "right" },
];

function countCells(t: UsageTotals): string[] {
  return [
    formatCount(t.count),
    formatCount(t.prompt),
    formatCount(t.completion),
    formatCount(t.total),
    formatCount(t.cachedPrompt),
    t.unpricedRecords === t.count && t.count > 0 ? "-" : formatUsd(t.costUsd),
  ];
}

function optionalRow(label: string, value: number): [string, string][] {
  return value > 0 ? [[label, formatCount(value)]] : [];
}

function totalsBlock(summary: UsageSummary, timeZone: string): string {
  const span =
    summary.firstTimestamp === null || summary.lastTimestamp === null
      ? "-"
      : `${formatInstant(summary.firstTimestamp, timeZone)} .. ` +
        `${formatInstant(summary.lastTimestamp, timeZone)} (${timeZone})`;
  const rows: [string, string][] = [
    ["records", formatCount(summary.totalRecords)],
    ["prompt tokens", formatCount(summary.totalPromptTokens)],
    ["completion tokens", formatCount(summary.totalCompletionTokens)],
    ["total tokens", formatCount(summary.totalTokensOverall)],
    // The "part of" counts only when some record had them.
    ...optionalRow("cached prompt tokens", summary.totalCachedPromptTokens),
    ...optionalRow("cache write tokens", summary.totalCacheWriteTokens),
    ...optionalRow("reasoning tokens", summary.totalReasoningTokens),
    [
      "cost",
      formatUsd(summary.totalCostUsd) +
        (summary.unpricedRecords > 0
          ? ` (${formatCount(summary.unpricedRecords)} records unpriced)`
          : ""),
    ],
    ["time span", span],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));

  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}

function byModelTable(summary: UsageSummary): string {
  const models = Object.keys(summary.byModel).sort();
  const rows = models.map((m) => [m, ...countCells(summary.byModel[m]!)]);

  return renderTable([{ header: "model", align: "left" }, ...COUNT_COLUMNS], rows);
}

const HEADERS: Readonly<Record<string, string>> = {
  providerId: "provider",
  modelName: "model",
  userId: "user",
  sessionId: "session",
};

function keyCell(value: unknown, name: GroupByKey, timeZone: string): string {
  if (value === null || value === undefined) return "(not set)";
  if ((TIME_BUCKETS as readonly string[]).includes(name) && typeof value === "number")
    return formatBucket(value, name as TimeBucket, timeZone);

  return String(value);
}

function groupsTable(summary: UsageSummary, view: SummaryView): string {
  const groups = summary.groups ?? [];
  const hasTime = view.groupBy.some((g) => (TIME_BUCKETS as readonly string[]).includes(g));
  const max = Math.max(0, ...groups.map((g) => g.total));
  const columns: Column[] = [
    ...view.groupBy.map((g) => ({ header: HEADERS[g] ?? g, align: "left" as const })),
    ...COUNT_COLUMNS,
    ...(hasTime ? [{ header: "total tokens", align: "left" as const }] : []),
  ];
  const rows = groups.map((g) => [
    ...view.groupBy.map((name) => keyCell(g.key[name], name, view.timeZone)),
    ...countCells(g),
    ...(hasTime ? [renderBar(g.total, max)] : []),
  ]);

  return renderTable(columns, rows);
}

/** The human view of a summary: totals, a table per model, and the groups when asked for. */
export function renderSummary(summary: UsageSummary, view: SummaryView): string {
  const parts = [totalsBlock(summary, view.timeZone)];
  const groupedByModelOnly = view.groupBy.length === 1 && view.groupBy[0] === "modelName";
  if (Object.keys(summary.byModel).length > 0 && !groupedByModelOnly)
    parts.push(byModelTable(summary));
  if (view.groupBy.length > 0) parts.push(groupsTable(summary, view));

  return `${parts.join("\n\n")}\n`;
}
