import { basename } from "node:path";
import { formatCount } from "./format-table.js";
import type { ImportProgress } from "./types.js";

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  done(): void;
}

const BAR_WIDTH = 24;
const PLAIN_EVERY_MS = 2000;
const TTY_EVERY_MS = 100;

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);

  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}

/** The rate (lines/s) and time left, estimated from the bytes read of the current file. */
function rateAndEta(p: ImportProgress, fileElapsed: number): { rate: number; eta: string } {
  const rate = p.elapsedMs > 0 ? (p.lines * 1000) / p.elapsedMs : 0;
  const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  const eta = fraction > 0 && fraction < 1 ? duration(fileElapsed * (1 / fraction - 1)) : "-";

  return { rate, eta };
}

function describe(p: ImportProgress, fileElapsed: number): string {
  const { rate, eta } = rateAndEta(p, fileElapsed);
  const verb = p.phase === "validate" ? "checked" : "accepted";
  const count = p.phase === "validate" ? p.lines : p.accepted;

  return (
    `${formatCount(count)} ${verb}, ${formatCount(p.rejected)} rejected, ` +
    `${formatCount(Math.round(rate))} lines/s, ETA ${eta}`
  );
}

/**
 * Progress on standard error: a bar redrawn in place on a terminal, a plain
 * line every two seconds otherwise (logs, CI), so stdout stays clean for data.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  const isTty = stream.isTTY === true;
  // A plain line only after two seconds: short imports print just their report.
  let last = isTty ? 0 : Date.now();
  let drawn = false;
  let fileKey = "";
  let fileStart = Date.now();

  return {
    update(p) {
      const now = Date.now();
      const key = `${p.phase}:${p.fileIndex}`;
      if (key !== fileKey) {
        fileKey = key;
        fileStart = now;
      }
      if (now - last < (isTty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
      last = now;
      const file = `${basename(p.file)} (${p.fileIndex + 1}/${p.fileCount})`;
      if (!isTty) {
        stream.write(`${file}: ${describe(p, now - fileStart)}\n`);
        return;
      }
      const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
      const percent = `${Math.round(fraction * 100)}%`.padStart(4);
      stream.write(`\r\x1b[2K${bar} ${percent} ${file} ${describe(p, now - fileStart)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[2K");
    },
  };
}
