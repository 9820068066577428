import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLines } from "../src/read-lines.js";

const dir = mkdtempSync(join(tmpdir(), "genie-usage-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function linesOf(text: string, maxLineBytes?: number) {
  const file = join(dir, `f${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, text);
  const out = [];
  for await (const line of readLines(file, maxLineBytes ? { maxLineBytes } : {})) out.push(line);
  return out;
}

// The reference: split the whole text at LF, CRLF or CR; no final empty line.
function reference(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

describe("readLines", () => {
  it("splits LF, CRLF and CR like a whole-text split, across 64 KiB chunk edges", async () => {
    const breaks = ["\n", "\r\n", "\r"];
    let text = "\uFEFF";
    for (let i = 0; text.length < 300_000; i += 1) {
      text += `${"é".repeat(i % 97)}line ${i}${breaks[i % 3]}`;
    }
    // A CRLF split by the first 64 KiB chunk edge, a two-byte character by the second.
    const edge = 64 * 1024;
    const crlfAtEdge = `${"a".repeat(edge - 1)}\r\n${"b".repeat(edge - 2)}é\n${text}no final newline`;
    const lines = await linesOf(crlfAtEdge);
    expect(lines.map((l) => l.text)).toEqual(reference(crlfAtEdge));
    expect(lines.map((l) => l.lineNumber)).toEqual(lines.map((_, i) => i + 1));
  });

  it("reports a line over the limit as too long, without its text, and reads on", async () => {
    const long = "x".repeat(200_000);
    const lines = await linesOf(`short\n${long}\r\nafter\n`, 1000);
    expect(lines.map((l) => l.text)).toEqual(["short", "", "after"]);
    expect(lines[1]?.tooLong).toEqual({ bytes: long.length, limit: 1000 });
    expect(lines[0]?.tooLong).toBeUndefined();
  });
});
