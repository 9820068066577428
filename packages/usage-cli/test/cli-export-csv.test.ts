import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emptyDir, removeEmptyDirs, runCli } from "./helpers/run-cli.js";

afterAll(removeEmptyDirs);

// An RFC 4180 row split, enough for these cells (quoted cells hold no line break).
function cells(row: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(row); m && m[0] !== ""; m = re.exec(row)) {
    const cell = m[1] ?? "";
    out.push(cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
    if (m[2] === "") break;
  }
  return out;
}

describe("CSV export of untrusted text", () => {
  it("prefixes cells starting with = + - @ with ' and leaves numbers and JSON Lines alone", async () => {
    const record = {
      providerId: "@provider",
      modelName: "+model",
      userId: '=HYPERLINK("http://127.0.0.1/x","click")',
      sessionId: "-session",
      callType: "chat",
      customTags: { note: "plain" },
      promptTokens: 12,
      completionTokens: 3,
      timestamp: 1_700_000_000_000,
    };
    const file = join(emptyDir(), "formulas.jsonl");
    writeFileSync(file, `${JSON.stringify(record)}\n`);

    const csv = await runCli(["export", "--format", "csv", "--input-format", "records", file]);
    expect(csv.code).toBe(0);
    const [header = "", row = ""] = csv.stdout.trim().split("\r\n");
    const columns = cells(header);
    const values = Object.fromEntries(cells(row).map((v, i) => [columns[i], v]));
    for (const key of ["providerId", "modelName", "userId", "sessionId"] as const) {
      expect(values[key], key).toBe(`'${record[key]}`);
    }
    expect(values.callType).toBe(record.callType);
    expect(values.promptTokens).toBe(String(record.promptTokens));
    expect(values.customTags).toBe(JSON.stringify(record.customTags));

    const jsonl = await runCli(["export", "--format", "jsonl", "--input-format", "records", file]);
    expect(JSON.parse(jsonl.stdout.trim())).toMatchObject({
      userId: record.userId,
      modelName: record.modelName,
    });
  });
});
