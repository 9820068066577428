import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import memoryRecorder from "@genie/recorder-memory";
import { Genie, type UsageRecordInput, type UsageSummary } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { BAD_LINES, writeBadLinesFile } from "./helpers/bad-lines.js";
import { CLI, cliEnv, emptyDir, removeEmptyDirs, runCli, TRACE_FILES } from "./helpers/run-cli.js";
import { rowsPerHour, traceTotals } from "./helpers/trace-totals.js";

const [CODE, CONV] = TRACE_FILES as [string, string];

afterAll(removeEmptyDirs);

function parseSummary(stdout: string): UsageSummary {
  return JSON.parse(stdout) as UsageSummary;
}

// The trace's rows as records, built here from the CSV text, not by the package's reader.
function traceRecords(file: string): UsageRecordInput[] {
  const model = basename(file).includes("_code") ? "azure-code" : "azure-conv";
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((row) => {
      const [stamp = "", context = "", generated = ""] = row.split(",");
      const [date, time = ""] = stamp.split(" ");
      const [hms, fraction = ""] = time.split(".");
      return {
        providerId: "azure",
        modelName: model,
        callType: "chat",
        timestamp: Date.parse(`${date}T${hms}.${fraction.slice(0, 3).padEnd(3, "0")}Z`),
        promptTokens: Number(context),
        completionTokens: Number(generated),
      };
    });
}

describe("genie-usage summary <files> with the memory recorder", () => {
  it("imports the Azure trace and totals match sums taken from the CSV", async () => {
    const result = await runCli(["--json", "summary", CODE, CONV]);
    expect(result.code).toBe(0);
    const summary = parseSummary(result.stdout);
    const code = traceTotals(CODE);
    const conv = traceTotals(CONV);

    expect(summary.totalRecords).toBe(code.records + conv.records);
    expect(summary.totalPromptTokens).toBe(code.prompt + conv.prompt);
    expect(summary.totalCompletionTokens).toBe(code.completion + conv.completion);
    expect(summary.totalTokensOverall).toBe(
      code.prompt + conv.prompt + code.completion + conv.completion,
    );
    expect(summary.firstTimestamp).toBe(Math.min(code.first, conv.first));
    expect(summary.lastTimestamp).toBe(Math.max(code.last, conv.last));
    expect(summary.byModel["azure-code"]).toMatchObject({
      count: code.records,
      prompt: code.prompt,
      completion: code.completion,
    });
    expect(summary.byModel["azure-conv"]?.count).toBe(conv.records);
  });

  it("--json prints exactly the facade's summary for the same records and query", async () => {
    const result = await runCli(["--json", "summary", "--by", "model,hour", CODE, CONV]);
    expect(result.code).toBe(0);

    const genie = await Genie.create({ features: { tokenUsageRecorder: memoryRecorder } });
    await genie.usage.recordBatch([...traceRecords(CODE), ...traceRecords(CONV)]);
    const expected = await genie.usage.getSummary({ groupBy: ["modelName", "hour"] });
    await genie.close();

    expect(parseSummary(result.stdout)).toEqual(expected);
  });

  it("prints an aligned table with thousands separators and a bar per hour", async () => {
    const result = await runCli(["summary", "--by", "hour", CODE, CONV]);
    expect(result.code).toBe(0);
    const hours = rowsPerHour(TRACE_FILES);
    const lines = result.stdout.split("\n");
    for (const [hour, count] of hours) {
      const label = new Date(hour).toISOString().slice(0, 13).replace("T", " ");
      const line = lines.find((l) => l.startsWith(`${label}:00`));
      expect(line, label).toBeDefined();
      expect(line).toContain(count.toLocaleString("en-US"));
      expect(line).toMatch(/█+$/);
    }
    const total = traceTotals(CODE).records + traceTotals(CONV).records;
    expect(result.stdout).toMatch(new RegExp(`records\\s+${total.toLocaleString("en-US")}`));
  });

  it("applies --filter, --since and --until (wall time in --tz)", async () => {
    const since = Date.parse("2023-11-16T18:30:00Z");
    const until = Date.parse("2023-11-16T18:45:00Z");
    const expected = traceRecords(CONV).filter(
      (r) => (r.timestamp as number) >= since && (r.timestamp as number) < until,
    );
    const result = await runCli([
      "--json",
      "summary",
      "--filter",
      "model=azure-conv",
      "--since",
      "2023-11-16 19:30",
      "--until",
      "2023-11-16T18:45:00Z",
      "--tz",
      "Europe/Berlin",
      CODE,
      CONV,
    ]);
    expect(result.code).toBe(0);
    const summary = parseSummary(result.stdout);
    expect(summary.totalRecords).toBe(expected.length);
    expect(summary.totalPromptTokens).toBe(
      expected.reduce((sum, r) => sum + (r.promptTokens ?? 0), 0),
    );
    expect(Object.keys(summary.byModel)).toEqual(["azure-conv"]);
  });
});

describe("genie-usage import: bad lines", () => {
  it("reports each bad line with its number and reason, and keeps every good line", async () => {
    const dir = emptyDir();
    const { file, good } = writeBadLinesFile(dir);
    const imported = await runCli(["import", file]);
    expect(imported.code).toBe(4);
    expect(imported.stdout).toContain(
      `Accepted ${good.length} records, rejected ${BAD_LINES.length} lines`,
    );
    for (const bad of BAD_LINES) {
      const line = imported.stdout.split("\n").find((l) => l.includes(`:${bad.lineNumber}: `));
      expect(line, `line ${bad.lineNumber}`).toContain(bad.reason);
    }

    const summarised = await runCli(["--json", "summary", "--no-progress", file]);
    expect(summarised.code).toBe(4);
    const summary = parseSummary(summarised.stdout);
    expect(summary.totalRecords).toBe(good.length);
    expect(summary.totalPromptTokens).toBe(good.reduce((s, g) => s + g.promptTokens, 0));
    expect(summary.totalCompletionTokens).toBe(good.reduce((s, g) => s + g.completionTokens, 0));
    expect(summarised.stderr).toContain(`:${BAD_LINES[0].lineNumber}: `);
  });

  it("--strict fails on the first bad line with one line and no summary", async () => {
    const { file } = writeBadLinesFile(emptyDir());
    const result = await runCli(["summary", "--strict", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`:${BAD_LINES[0].lineNumber}: `);
    expect(result.stderr).toContain("nothing was imported");
  });

  it("--json reports accepted, stored and rejected with line numbers", async () => {
    const { file, good } = writeBadLinesFile(emptyDir());
    const result = await runCli(["--json", "import", file]);
    const report = JSON.parse(result.stdout) as {
      accepted: number;
      stored: number;
      rejected: number;
      rejects: { lineNumber: number }[];
    };
    expect(report.accepted).toBe(good.length);
    expect(report.stored).toBe(good.length);
    expect(report.rejected).toBe(BAD_LINES.length);
    expect(report.rejects.map((r) => r.lineNumber)).toEqual(BAD_LINES.map((b) => b.lineNumber));
  });
});

describe("genie-usage import: other formats", () => {
  it("reads the Python original's snake_case records, seconds to milliseconds", async () => {
    const dir = emptyDir();
    const file = join(dir, "python.jsonl");
    const rows = [
      {
        provider_id: "ollama",
        model_name: "llama3",
        prompt_tokens: 12,
        completion_tokens: 30,
        timestamp: 1_700_000_000.25,
        user_id: "ann",
        custom_tags: { team: "ml" },
      },
      {
        provider_id: "ollama",
        model_name: "llama3",
        prompt_tokens: 8,
        completion_tokens: 2,
        timestamp: 1_700_000_100.5,
        user_id: "bob",
      },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
    const result = await runCli(["--json", "summary", "--by", "user", file]);
    expect(result.code).toBe(0);
    const summary = parseSummary(result.stdout);
    expect(summary.totalRecords).toBe(2);
    expect(summary.firstTimestamp).toBe(Math.round(rows[0]!.timestamp * 1000));
    expect(summary.lastTimestamp).toBe(Math.round(rows[1]!.timestamp * 1000));
    expect(summary.groups?.map((g) => [g.key.userId, g.prompt])).toEqual([
      ["ann", 12],
      ["bob", 8],
    ]);
  });
});

describe("genie-usage import: provider responses through core's usage extraction", () => {
  // One response per format; the expected counts follow DESIGN §6 by hand.
  const responses = {
    "openai-chat": {
      object: "chat.completion",
      created: 1_764_851_821,
      model: "gpt-4o",
      usage: {
        prompt_tokens: 100,
        completion_tokens: 20,
        total_tokens: 120,
        prompt_tokens_details: { cached_tokens: 40 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
    },
    "openai-responses": {
      object: "response",
      created_at: 1_764_852_102,
      model: "o3",
      usage: {
        input_tokens: 50,
        output_tokens: 30,
        total_tokens: 80,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens_details: { reasoning_tokens: 20 },
      },
    },
    anthropic: {
      type: "message",
      model: "claude-sonnet",
      usage: {
        input_tokens: 10,
        cache_read_input_tokens: 200,
        cache_creation_input_tokens: 30,
        output_tokens: 7,
      },
    },
    gemini: {
      modelVersion: "gemini-2.5-flash",
      usageMetadata: {
        promptTokenCount: 15,
        candidatesTokenCount: 359,
        thoughtsTokenCount: 661,
        totalTokenCount: 1035,
      },
    },
    ollama: {
      model: "qwen3:8b",
      created_at: "2026-12-04T09:21:44.512Z",
      done: true,
      prompt_eval_count: 18,
      eval_count: 47,
    },
    "bedrock-converse": {
      output: { message: { role: "assistant", content: [] } },
      usage: { inputTokens: 214, outputTokens: 96, totalTokens: 310 },
    },
  };
  const expected = {
    "gpt-4o": { prompt: 100, completion: 20, total: 120, cachedPrompt: 40, reasoning: 5 },
    o3: { prompt: 50, completion: 30, total: 80, cachedPrompt: 10, reasoning: 20 },
    "claude-sonnet": { prompt: 240, completion: 7, total: 247, cachedPrompt: 200, cacheWrite: 30 },
    "gemini-2.5-flash": { prompt: 15, completion: 1020, total: 1035, reasoning: 661 },
    "qwen3:8b": { prompt: 18, completion: 47, total: 65 },
    "bedrock-model": { prompt: 214, completion: 96, total: 310 },
  };

  it("detects each format, maps its counts, and names the provider", async () => {
    const dir = emptyDir();
    const files = Object.entries(responses).map(([format, body]) => {
      const file = join(dir, `${format}.jsonl`);
      writeFileSync(file, `${JSON.stringify(body)}\n`);
      return file;
    });
    const noUsage = join(dir, "no-usage.jsonl");
    writeFileSync(
      noUsage,
      `${JSON.stringify(responses["openai-chat"])}\n{"object":"chat.completion","model":"gpt-4o"}\n`,
    );
    const result = await runCli([
      "--json",
      "summary",
      "--by",
      "provider,model",
      "--model",
      "bedrock-model",
      ...files,
      noUsage,
    ]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/no-usage\.jsonl:2: usage is missing/);
    const summary = parseSummary(result.stdout);
    for (const [model, counts] of Object.entries(expected)) {
      const times = model === "gpt-4o" ? 2 : 1;
      const scaled = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v * times]));
      expect(summary.byModel[model], model).toMatchObject({ count: times, ...scaled });
    }
    const providers = Object.fromEntries(
      (summary.groups ?? []).map((g) => [g.key.modelName, g.key.providerId]),
    );
    expect(providers).toEqual({
      "gpt-4o": "openai",
      o3: "openai",
      "claude-sonnet": "anthropic",
      "gemini-2.5-flash": "google",
      "qwen3:8b": "ollama",
      "bedrock-model": "bedrock",
    });
  });

  it("takes the response's own time when it has one", async () => {
    const dir = emptyDir();
    const file = join(dir, "ollama.jsonl");
    writeFileSync(file, JSON.stringify(responses.ollama));
    const result = await runCli(["--json", "summary", file]);
    expect(parseSummary(result.stdout).firstTimestamp).toBe(
      Date.parse(responses.ollama.created_at),
    );
  });
});

describe("genie-usage export", () => {
  it("writes every record as CSV, with sums equal to the trace's", async () => {
    const result = await runCli(["export", "--format", "csv", CODE]);
    expect(result.code).toBe(0);
    const [header = "", ...rows] = result.stdout.trim().split(/\r\n/);
    const columns = header.split(",");
    const prompt = columns.indexOf("promptTokens");
    const totals = traceTotals(CODE);
    expect(rows).toHaveLength(totals.records);
    expect(rows.reduce((sum, row) => sum + Number(row.split(",")[prompt]), 0)).toBe(totals.prompt);
  });

  it("writes grouped summaries as JSON Lines to --out", async () => {
    const dir = emptyDir();
    const out = join(dir, "by-model.jsonl");
    const result = await runCli([
      "export",
      "--format",
      "jsonl",
      "--by",
      "model",
      "--out",
      out,
      CODE,
      CONV,
    ]);
    expect(result.code).toBe(0);
    const groups = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(groups).toEqual([
      expect.objectContaining({
        modelName: "azure-code",
        count: traceTotals(CODE).records,
        prompt: traceTotals(CODE).prompt,
      }),
      expect.objectContaining({
        modelName: "azure-conv",
        count: traceTotals(CONV).records,
        completion: traceTotals(CONV).completion,
      }),
    ]);
  });
});

describe("genie-usage exit codes and errors", () => {
  it("exits 2 on an unknown flag, with one line and no stack trace", async () => {
    const result = await runCli(["summary", "--no-such-flag"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--no-such-flag");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 on a bad --since value", async () => {
    const result = await runCli(["summary", "--since", "last tuesday"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 3 on an unknown recorder, naming what was looked for", async () => {
    const result = await runCli(["summary", "--recorder", "nonexistent-store"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("@genie/recorder-nonexistent-store");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints the stack with --verbose", async () => {
    const result = await runCli(["--verbose", "summary", "--recorder", "nonexistent-store"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it("asks before clearing on a terminal, and removes nothing on no", async () => {
    // `script` (util-linux, essential on Debian) gives the command a terminal.
    const ask = (answer: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn("script", ["-qc", `${process.execPath} ${CLI} clear`, "/dev/null"], {
          cwd: emptyDir(),
          env: cliEnv(),
        });
        let out = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk;
          if (out.includes("[y/N]")) child.stdin.write(`${answer}\n`);
        });
        child.on("error", reject);
        child.on("close", () => resolve(out));
      });
    const declined = await ask("n");
    expect(declined).toContain("Remove 0 records (every record)? [y/N]");
    expect(declined).toContain("Nothing removed.");
    const accepted = await ask("y");
    expect(accepted).toContain("Removed 0 records.");
  });

  it("refuses to clear without --yes when not on a terminal", async () => {
    const result = await runCli(["clear"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--yes");
  });
});

describe("genie-usage recorders and configuration", () => {
  it("shows the configured recorder from the environment with the password masked", async () => {
    const result = await runCli(["--json", "recorders"], {
      env: {
        GENIE_USAGE_RECORDER: "postgres",
        GENIE_USAGE_POSTGRES_URL: "postgres://app:hunter2@127.0.0.1:1/usage",
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("hunter2");
    const report = JSON.parse(result.stdout);
    expect(report.configuredFrom).toBe("environment");
    expect(report.configured).toEqual([
      {
        name: "postgres",
        options: { connectionString: "postgres://app:***@127.0.0.1:1/usage" },
        loads: true,
      },
    ]);
    expect(report.bundled.map((b: { name: string }) => b.name)).toContain("memory");
  });

  it("reads genie.config.json from a parent folder", async () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, "genie.config.json"),
      JSON.stringify({ features: { tokenUsageRecorder: "nonexistent-store" } }),
    );
    const nested = join(dir, "nested");
    mkdirSync(nested);
    const result = await runCli(["summary"], { cwd: nested });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("nonexistent-store");
  });

  it("loads a TypeScript genie.config.ts", async () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, "genie.config.ts"),
      [
        "const recorder: string = 'memory';",
        "export default { features: { tokenUsageRecorder: recorder } };",
      ].join("\n"),
    );
    const result = await runCli(["--json", "recorders"], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.configFile).toBe(join(dir, "genie.config.ts"));
    expect(report.configuredFrom).toBe("config file");
    expect(report.configured[0].name).toBe("memory");
  });
});
