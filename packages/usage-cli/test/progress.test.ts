import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgressReporter } from "../src/progress.js";
import type { ImportProgress } from "../src/types.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = {
    isTTY,
    text: "",
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

const progress = (bytesRead: number, lines: number, elapsedMs: number): ImportProgress => ({
  file: "/data/usage.jsonl",
  fileIndex: 0,
  fileCount: 2,
  bytesRead,
  totalBytes: 1000,
  lines,
  accepted: lines,
  rejected: 3,
  elapsedMs,
  phase: "import",
});

afterEach(() => {
  vi.useRealTimers();
});

describe("progress reporter", () => {
  it("draws a bar with percentage, rate and ETA in place on a terminal", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const stream = fakeStream(true);
    const reporter = createProgressReporter(stream);
    reporter.update(progress(0, 0, 0));
    vi.setSystemTime(1_000_000 + 2_000);
    // A quarter of the file in 2 s: three quarters left take 6 s.
    reporter.update(progress(250, 5_000, 2_000));
    const last = stream.text.split("\r").at(-1) ?? "";
    expect(last).toContain("[######------------------]  25%");
    expect(last).toContain("usage.jsonl (1/2)");
    expect(last).toContain("5,000 accepted, 3 rejected, 2,500 lines/s, ETA 6s");
    reporter.done();
    expect(stream.text.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("writes a plain line at most every two seconds elsewhere", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const stream = fakeStream(false);
    const reporter = createProgressReporter(stream);
    reporter.update(progress(100, 1_000, 500));
    expect(stream.text).toBe("");
    vi.setSystemTime(1_000_000 + 2_500);
    reporter.update(progress(500, 10_000, 2_500));
    vi.setSystemTime(1_000_000 + 3_000);
    reporter.update(progress(600, 12_000, 3_000));
    expect(stream.text.split("\n").filter(Boolean)).toEqual([
      "usage.jsonl (1/2): 10,000 accepted, 3 rejected, 4,000 lines/s, ETA 3s",
    ]);
    expect(stream.text).not.toContain("\r");
  });
});
