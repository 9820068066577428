const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const dollars = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const fractions = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 6,
});

/** A whole number with thousands separators: 1234567 -> "1,234,567". */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** Cents from a dollar up, finer below: 1234.567 -> "$1,234.57", 0.000123 -> "$0.000123". */
export function formatUsd(value: number): string {
  return `$${(value >= 1 ? dollars : fractions).format(value)}`;
}

export interface Column {
  readonly header: string;
  /** Numbers align right, text left. */
  readonly align: "left" | "right";
}

/** An aligned text table: a header row, a rule, then the rows. */
export function renderTable(columns: readonly Column[], rows: readonly string[][]): string {
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => (r[i] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        columns[i]!.align === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
      )
      .join("  ")
      .trimEnd();

  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
  ].join("\n");
}

/** A bar of `value / max` of `width` cells. */
export function renderBar(value: number, max: number, width = 30): string {
  if (max <= 0 || value <= 0) return "";
  const cells = Math.max(1, Math.round((value / max) * width));

  return "█".repeat(cells);
}
