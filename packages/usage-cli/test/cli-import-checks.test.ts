import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { UsageSummary } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, cliEnv, emptyDir, removeEmptyDirs, runCli } from "./helpers/run-cli.js";

afterAll(removeEmptyDirs);

interface ImportJson {
  accepted: number;
  rejects: { file: string; lineNumber: number; reason: string }[];
}

function writeLines(name: string, lines: readonly unknown[]): string {
  const file = join(emptyDir(), name);
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
  return file;
}

const chat = (created: number, usage: Record<string, unknown>) => ({
  object: "chat.completion",
  created,
  model: "gpt-4o",
  usage,
});

describe("provider response lines: times in ms and bad counts are rejected", () => {
  it("rejects `created` in milliseconds and negative or fractional counts, keeps the rest", async () => {
    const good = chat(1_700_000_000, { prompt_tokens: 100, completion_tokens: 20 });
    const lines = [
      good,
      chat(1_700_000_000_000, { prompt_tokens: 1, completion_tokens: 1 }),
      chat(1_700_000_001, { prompt_tokens: -10, completion_tokens: 5 }),
      chat(1_700_000_002, { prompt_tokens: 7, completion_tokens: 2.5 }),
      chat(1_700_000_003, {
        prompt_tokens: 7,
        completion_tokens: 2,
        prompt_tokens_details: { cached_tokens: -1 },
      }),
    ];
    const file = writeLines("chat.jsonl", lines);
    const result = await runCli([
      "--json",
      "summary",
      "--no-progress",
      "--format",
      "openai-chat",
      file,
    ]);
    expect(result.code).toBe(4);
    const summary = JSON.parse(result.stdout) as UsageSummary;
    expect(summary.totalRecords).toBe(1);
    expect(summary.totalPromptTokens).toBe(good.usage.prompt_tokens);
    expect(summary.firstTimestamp).toBe(good.created * 1000);
    const reasonOf = (n: number) => result.stderr.split("\n").find((l) => l.includes(`:${n}: `));
    expect(reasonOf(2)).toContain("milliseconds");
    expect(reasonOf(3)).toContain("usage.prompt_tokens must be a whole number >= 0");
    expect(reasonOf(4)).toContain("usage.completion_tokens must be a whole number >= 0");
    expect(reasonOf(5)).toContain("usage.prompt_tokens_details.cached_tokens");
  });

  it("checks the counts of every response format (Gemini, Anthropic, Ollama, Bedrock)", async () => {
    const cases = [
      {
        format: "gemini",
        body: {
          modelVersion: "gemini-2.0-flash",
          usageMetadata: { promptTokenCount: 5, candidatesTokenCount: -3 },
        },
        field: "usageMetadata.candidatesTokenCount",
      },
      {
        format: "anthropic",
        body: { type: "message", model: "claude", usage: { input_tokens: -1, output_tokens: 2 } },
        field: "usage.input_tokens",
      },
      {
        format: "ollama",
        body: { model: "llama3", done: true, prompt_eval_count: 3, eval_count: -2 },
        field: "eval_count",
      },
      {
        format: "bedrock-converse",
        body: { usage: { inputTokens: 1, outputTokens: "2" } },
        field: "usage.outputTokens",
      },
    ];
    for (const c of cases) {
      const file = writeLines(`${c.format}.jsonl`, [c.body]);
      const result = await runCli(["--json", "import", "--model", "m", "--format", c.format, file]);
      expect(result.code, c.format).toBe(4);
      const report = JSON.parse(result.stdout) as { rejects: { reason: string }[] };
      expect(report.rejects[0]?.reason, c.format).toContain(`${c.field} must be a whole number`);
    }
  });
});

describe("a UTF-8 byte order mark", () => {
  it("is dropped before line 1 of a JSON Lines file, with the format detected", async () => {
    const records = [
      {
        providerId: "openai",
        modelName: "gpt-4o",
        promptTokens: 11,
        completionTokens: 3,
        timestamp: 1_700_000_000_000,
      },
      {
        providerId: "openai",
        modelName: "gpt-4o",
        promptTokens: 5,
        completionTokens: 2,
        timestamp: 1_700_000_060_000,
      },
    ];
    const file = join(emptyDir(), "bom.jsonl");
    writeFileSync(file, `\uFEFF${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const result = await runCli(["--json", "summary", "--no-progress", file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as UsageSummary;
    expect(summary.totalRecords).toBe(records.length);
    expect(summary.totalPromptTokens).toBe(records.reduce((s, r) => s + r.promptTokens, 0));
  });
});

describe("the import report", () => {
  it("tells accepted lines from records stored: a repeated id is stored once", async () => {
    const record = (id: string, promptTokens: number) => ({
      id,
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens,
      completionTokens: 1,
      timestamp: 1_700_000_000_000,
    });
    const lines = [record("a", 1), record("b", 2), record("a", 4), record("c", 8)];
    const distinctIds = new Set(lines.map((l) => l.id)).size;
    const file = writeLines("ids.jsonl", lines);

    const human = await runCli(["import", "--no-progress", file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`${lines.length} accepted, 0 rejected of ${lines.length} lines`);
    expect(human.stdout).toContain(`Accepted ${lines.length} records, rejected 0 lines.`);
    expect(human.stdout).toContain(
      `The store holds ${distinctIds} more records than before: ` +
        `${lines.length - distinctIds} accepted record was not stored again`,
    );

    const json = await runCli(["--json", "import", "--no-progress", file]);
    const report = JSON.parse(json.stdout) as { accepted: number; stored: number };
    expect(report).toMatchObject({ accepted: lines.length, stored: distinctIds });

    const summary = await runCli(["--json", "summary", "--no-progress", file]);
    expect((JSON.parse(summary.stdout) as UsageSummary).totalRecords).toBe(report.stored);
  });
});

describe("a line longer than --max-line-bytes", () => {
  const record = {
    providerId: "openai",
    modelName: "gpt-4o",
    promptTokens: 3,
    completionTokens: 1,
    timestamp: 1_700_000_000_000,
  };

  it("is rejected with its line number, and the lines around it are kept", async () => {
    const file = join(emptyDir(), "long.jsonl");
    const long = JSON.stringify({ ...record, userId: "u".repeat(2000) });
    writeFileSync(file, `${JSON.stringify(record)}\n${long}\n${JSON.stringify(record)}\n`);
    const result = await runCli(["--json", "import", "--max-line-bytes", "1000", file]);
    expect(result.code).toBe(4);
    const report = JSON.parse(result.stdout) as ImportJson;
    expect(report.accepted).toBe(2);
    expect(report.rejects).toEqual([
      {
        file,
        lineNumber: 2,
        reason: expect.stringContaining(
          `${Buffer.byteLength(long)} bytes long, over the 1000-byte`,
        ),
      },
    ]);
    const usage = await runCli(["import", "--max-line-bytes", "0", file]);
    expect(usage.code).toBe(2);
  });

  it("streams through in bounded memory: 200 MB on one line on stdin", async () => {
    const preload = join(emptyDir(), "max-rss.mjs");
    writeFileSync(
      preload,
      'process.on("exit", () => process.stderr.write("maxrss=" + process.resourceUsage().maxRSS));',
    );
    const child = spawn(
      process.execPath,
      [
        "--import",
        pathToFileURL(preload).href,
        CLI,
        "--json",
        "import",
        "--format",
        "records",
        "-",
      ],
      { cwd: emptyDir(), env: cliEnv(), stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const megabyte = Buffer.alloc(1024 * 1024, "x");
    await write(child.stdin, `${JSON.stringify(record)}\n`);
    for (let i = 0; i < 200; i += 1) await write(child.stdin, megabyte);
    await write(child.stdin, `\n${JSON.stringify(record)}\n`);
    child.stdin.end();
    expect(await closed).toBe(4);
    const report = JSON.parse(stdout) as ImportJson;
    expect(report.accepted).toBe(2);
    expect(report.rejects.map((r) => r.lineNumber)).toEqual([2]);
    const maxRssKb = Number(/maxrss=(\d+)/.exec(stderr)?.[1]);
    // Holding the line takes about 500 MB of RSS; streaming it past stays near 100 MB.
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb).toBeLessThan(250 * 1024);
  }, 120_000);
});

async function write(stream: Writable, data: string | Buffer): Promise<void> {
  if (!stream.write(data)) await once(stream, "drain");
}

describe("--batch-size", () => {
  it("must be a whole number from 1 to 100000 (exit 2), and any size in range stores every line", async () => {
    const lines = Array.from({ length: 7 }, (_, i) => ({
      providerId: "openai",
      modelName: "gpt-4o",
      promptTokens: i + 1,
      completionTokens: 1,
      timestamp: 1_700_000_000_000 + i,
    }));
    const file = writeLines("batches.jsonl", lines);
    for (const size of ["0", "-1", "100001", "1e9", "2.5", "lots"]) {
      const result = await runCli(["import", "--batch-size", size, file]);
      expect(result.code, size).toBe(2);
      expect(result.stderr.trim().split("\n"), size).toHaveLength(1);
      expect(result.stderr, size).toContain("--batch-size must be a whole number from 1 to 100000");
    }
    for (const size of ["1", "3", "100000"]) {
      const result = await runCli([
        "--json",
        "summary",
        "--no-progress",
        "--batch-size",
        size,
        file,
      ]);
      expect(result.code, size).toBe(0);
      const summary = JSON.parse(result.stdout) as UsageSummary;
      expect(summary.totalPromptTokens, size).toBe(lines.reduce((s, l) => s + l.promptTokens, 0));
    }
  });
});
