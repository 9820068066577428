import { readFileSync } from "node:fs";

export interface TraceTotals {
  records: number;
  prompt: number;
  completion: number;
  /** Epoch ms of the first and last row (the trace is in time order). */
  first: number;
  last: number;
}

// Read straight from the CSV, independently of the package's reader.
function timestampOf(cell: string): number {
  const [date, time = ""] = cell.split(" ");
  const [hms = "", fraction = ""] = time.split(".");

  return Date.parse(`${date}T${hms}.${fraction.slice(0, 3).padEnd(3, "0")}Z`);
}

/** Row count and token sums of one trace file, summed from its text. */
export function traceTotals(file: string): TraceTotals {
  const rows = readFileSync(file, "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "");
  const totals: TraceTotals = {
    records: 0,
    prompt: 0,
    completion: 0,
    first: Infinity,
    last: -Infinity,
  };
  for (const row of rows) {
    const [stamp = "", context = "", generated = ""] = row.split(",");
    totals.records += 1;
    totals.prompt += Number(context);
    totals.completion += Number(generated);
    const ms = timestampOf(stamp);
    totals.first = Math.min(totals.first, ms);
    totals.last = Math.max(totals.last, ms);
  }

  return totals;
}

/** Rows per UTC hour (bucket start ms -> count), for checking `--by hour`. */
export function rowsPerHour(files: readonly string[]): Map<number, number> {
  const hours = new Map<number, number>();
  for (const file of files) {
    const rows = readFileSync(file, "utf8")
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim() !== "");
    for (const row of rows) {
      const hour = Math.floor(timestampOf(row.split(",")[0] ?? "") / 3_600_000) * 3_600_000;
      hours.set(hour, (hours.get(hour) ?? 0) + 1);
    }
  }

  return hours;
}
