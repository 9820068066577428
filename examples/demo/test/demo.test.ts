import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { runDemo, TRACE_FILES } from "../src/index.js";

interface ColumnSums {
  rows: number;
  context: number;
  generated: number;
  first: string;
  last: string;
}

// Sums taken straight from the files, without the demo's reader.
function columnSums(file: string): ColumnSums {
  const rows = readFileSync(file, "utf8")
    .split("\r\n")
    .slice(1)
    .filter((l) => l.length > 0);
  const cells = rows.map((r) => r.split(","));
  return {
    rows: rows.length,
    context: cells.reduce((s, c) => s + Number(c[1]), 0),
    generated: cells.reduce((s, c) => s + Number(c[2]), 0),
    first: cells.map((c) => c[0]!).sort()[0]!,
    last: cells
      .map((c) => c[0]!)
      .sort()
      .at(-1)!,
  };
}

describe("pnpm demo on the Azure trace", () => {
  const [code, conv] = TRACE_FILES.map(columnSums) as [ColumnSums, ColumnSums];

  it("the files are as published: CRLF, no final newline, 8,819 and 19,366 rows", () => {
    for (const file of TRACE_FILES) {
      const text = readFileSync(file, "utf8");
      expect(text.includes("\r\n")).toBe(true);
      expect(text.endsWith("\n")).toBe(false);
    }
    expect([code.rows, conv.rows]).toEqual([8_819, 19_366]);
    expect(TRACE_FILES.map((f) => basename(f))).toEqual([
      "AzureLLMInferenceTrace_code.csv",
      "AzureLLMInferenceTrace_conv.csv",
    ]);
  });

  it("records every row and reports the trace's exact totals", async () => {
    const { summary, hourly, report } = await runDemo({ env: {} });

    expect(summary.totalRecords).toBe(code.rows + conv.rows);
    expect(summary.totalPromptTokens).toBe(code.context + conv.context);
    expect(summary.totalCompletionTokens).toBe(code.generated + conv.generated);
    expect(summary.totalTokensOverall).toBe(
      code.context + conv.context + code.generated + conv.generated,
    );
    expect(summary.byModel["azure-code"]).toMatchObject({
      count: code.rows,
      prompt: code.context,
      completion: code.generated,
    });
    expect(summary.byModel["azure-conv"]).toMatchObject({
      count: conv.rows,
      prompt: conv.context,
      completion: conv.generated,
    });
    const first = [code.first, conv.first].sort()[0]!;
    expect(new Date(summary.firstTimestamp!).toISOString().slice(0, 23)).toBe(
      `${first.replace(" ", "T").slice(0, 23)}`,
    );

    const hourTotals = (hourly.groups ?? []).reduce((s, g) => s + g.total, 0);
    expect(hourTotals).toBe(summary.totalTokensOverall);
    expect((hourly.groups ?? []).map((g) => new Date(Number(g.key.hour)).toISOString())).toEqual([
      "2023-11-16T18:00:00.000Z",
      "2023-11-16T19:00:00.000Z",
    ]);

    // Cost at the demo's explicit prices, in exact integer micro-cents per token.
    const costOf = (s: ColumnSums): number => (s.context * 250 + s.generated * 1000) / 1e8;
    expect(summary.byModel["azure-code"]?.costUsd).toBe(costOf(code));
    expect(summary.byModel["azure-conv"]?.costUsd).toBe(costOf(conv));
    expect(summary.totalCostUsd).toBe(
      ((code.context + conv.context) * 250 + (code.generated + conv.generated) * 1000) / 1e8,
    );
    expect(summary.unpricedRecords).toBe(0);

    const thousands = (n: number): string => n.toLocaleString("en-US");
    expect(report).toContain(thousands(code.rows + conv.rows));
    expect(report).toContain(thousands(code.context + conv.context));
    expect(report).toContain("azure-code");
    expect(report).toContain("records/s");
    expect(report).toContain("explicit demo prices");
    expect(report).toContain(
      `$${summary.totalCostUsd.toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`,
    );
  });
});
