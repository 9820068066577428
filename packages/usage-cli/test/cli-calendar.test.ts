import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LIMITS, type UsageSummary } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { emptyDir, removeEmptyDirs, runCli } from "./helpers/run-cli.js";

afterAll(removeEmptyDirs);

interface ImportJson {
  accepted: number;
  rejected: number;
  rejects: { lineNumber: number; reason: string }[];
}

describe("impossible calendar dates are rejected, never rolled over", () => {
  it("rejects Azure trace rows on February 30th, month 13, hour 24 with their line numbers", async () => {
    const rows = [
      "TIMESTAMP,ContextTokens,GeneratedTokens",
      "2023-11-16 18:17:03.9799600,100,10",
      "2023-02-30 10:00:00.0,1,1",
      "2023-13-45 25:99:99.0,1,1",
      "2023-11-16 24:00:00.0,1,1",
      "2023-11-16 18:17:60.0,1,1",
      "2024-02-29 23:59:59.0,200,20",
    ];
    const file = join(emptyDir(), "Trace_code.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const result = await runCli(["--json", "summary", "--no-progress", file]);
    expect(result.code).toBe(4);
    const summary = JSON.parse(result.stdout) as UsageSummary;
    expect(summary.totalRecords).toBe(2);
    expect(summary.totalPromptTokens).toBe(300);
    expect(summary.firstTimestamp).toBe(Date.parse("2023-11-16T18:17:03.979Z"));
    expect(summary.lastTimestamp).toBe(Date.parse("2024-02-29T23:59:59.000Z"));
    for (const lineNumber of [3, 4, 5, 6]) {
      const line = result.stderr.split("\n").find((l) => l.includes(`:${lineNumber}: `));
      expect(line, `line ${lineNumber}`).toContain("not a real date");
    }
  });

  it("refuses --since and --until dates that do not exist (exit 2), accepts a leap day", async () => {
    for (const since of ["2023-02-30", "2023-02-29", "2023-04-31", "2023-11-16 24:00"]) {
      const result = await runCli(["summary", "--since", since]);
      expect(result.code, since).toBe(2);
      expect(result.stderr.trim().split("\n"), since).toHaveLength(1);
      expect(result.stderr, since).toContain("not a real date");
    }
    const until = await runCli(["summary", "--until", "2023-06-31T10:00:00Z"]);
    expect(until.code).toBe(2);
    const leap = await runCli(["summary", "--since", "2024-02-29"]);
    expect(leap.code).toBe(0);
  });

  it("rejects an Ollama line whose created_at is February 30th", async () => {
    const response = (createdAt: string) =>
      JSON.stringify({
        model: "llama3",
        created_at: createdAt,
        done: true,
        prompt_eval_count: 10,
        eval_count: 5,
      });
    const file = join(emptyDir(), "ollama.jsonl");
    writeFileSync(
      file,
      `${response("2023-11-16T18:00:00.5Z")}\n${response("2023-02-30T10:00:00Z")}\n`,
    );
    const result = await runCli(["--json", "import", "--format", "ollama", file]);
    expect(result.code).toBe(4);
    const report = JSON.parse(result.stdout) as ImportJson;
    expect(report.rejected).toBe(1);
    expect(report.rejects[0]?.lineNumber).toBe(2);
    expect(report.rejects[0]?.reason).toContain("not a real date");
  });
});

describe("times before the earliest a record may carry", () => {
  it("are rejected as too early, not as seconds to multiply by 1000, in every format", async () => {
    const earliest = new Date(LIMITS.minTimestampMs).toISOString();
    const dir = emptyDir();
    const files = {
      ollama: join(dir, "early-ollama.jsonl"),
      python: join(dir, "early-python.jsonl"),
      chat: join(dir, "early-chat.jsonl"),
      trace: join(dir, "Early_conv.csv"),
    };
    writeFileSync(
      files.ollama,
      `${JSON.stringify({ model: "llama3", created_at: "1970-01-01T00:00:00Z", done: true, prompt_eval_count: 1, eval_count: 1 })}\n`,
    );
    writeFileSync(
      files.python,
      `${JSON.stringify({ provider_id: "openai", model_name: "gpt-4o", prompt_tokens: 1, completion_tokens: 1, timestamp: 5 })}\n`,
    );
    writeFileSync(
      files.chat,
      `${JSON.stringify({ object: "chat.completion", created: 1000, model: "gpt-4o", usage: { prompt_tokens: 1, completion_tokens: 1 } })}\n`,
    );
    writeFileSync(
      files.trace,
      "TIMESTAMP,ContextTokens,GeneratedTokens\n1970-01-01 00:00:00.0,1,1\n",
    );
    const formats = {
      ollama: "ollama",
      python: "python",
      chat: "openai-chat",
      trace: "azure-trace",
    };
    for (const [name, file] of Object.entries(files)) {
      const format = formats[name as keyof typeof formats];
      const result = await runCli(["--json", "import", "--format", format, file]);
      expect(result.code, name).toBe(4);
      const [reject] = (JSON.parse(result.stdout) as ImportJson).rejects;
      expect(reject?.reason, name).toContain(`is before ${earliest}`);
      expect(reject?.reason, name).not.toContain("multiply by 1000");
    }
  });
});
