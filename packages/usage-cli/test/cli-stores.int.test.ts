import { randomBytes } from "node:crypto";
import type { UsageSummary } from "@genie/usage-core";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBadLinesFile } from "./helpers/bad-lines.js";
import { emptyDir, removeEmptyDirs, runCli, TRACE_FILES } from "./helpers/run-cli.js";
import { traceTotals } from "./helpers/trace-totals.js";

const POSTGRES_URL =
  process.env.GENIE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.GENIE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const suffix = randomBytes(4).toString("hex");
const SCHEMA = `cli_test_${suffix}`;
const PREFIX = `cli-test-${suffix}`;

interface Store {
  name: string;
  flags: string[];
}

function store(name: string, options: Record<string, string>): Store {
  const flags = ["--recorder", name];
  for (const [key, value] of Object.entries(options))
    flags.push("--recorder-option", `${key}=${value}`);

  return { name, flags };
}

// Each store under this file's own schema or key prefix.
const STORES: Store[] = [
  store("postgres", { connectionString: POSTGRES_URL, schema: SCHEMA }),
  store("redis", { url: REDIS_URL, prefix: PREFIX }),
];

const BY = ["--by", "model,hour"];
const code = traceTotals(TRACE_FILES[0]!);
const conv = traceTotals(TRACE_FILES[1]!);

async function summaryOf(
  flags: readonly string[],
  extra: readonly string[] = [],
): Promise<UsageSummary> {
  const result = await runCli([...flags, "--json", "summary", ...BY, ...extra]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);

  return JSON.parse(result.stdout) as UsageSummary;
}

let memorySummary: UsageSummary;

beforeAll(async () => {
  const result = await runCli(["--json", "summary", ...BY, ...TRACE_FILES]);
  expect(result.code).toBe(0);
  memorySummary = JSON.parse(result.stdout) as UsageSummary;
});

afterAll(async () => {
  removeEmptyDirs();
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.end();
  const redis = new Redis(REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `*${PREFIX}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
  await redis.quit();
});

describe.each(STORES)("genie-usage with the $name recorder", ({ flags }) => {
  it("imports the Azure trace and summarises it exactly as the memory recorder does", async () => {
    const imported = await runCli([...flags, "import", "--no-progress", ...TRACE_FILES]);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      `Accepted ${(code.records + conv.records).toLocaleString("en-US")} records`,
    );
    expect(imported.stdout).toContain(
      `The store holds ${(code.records + conv.records).toLocaleString("en-US")} more records than before.`,
    );

    const summary = await summaryOf(flags);
    expect(summary.totalRecords).toBe(code.records + conv.records);
    expect(summary.totalPromptTokens).toBe(code.prompt + conv.prompt);
    expect(summary.totalCompletionTokens).toBe(code.completion + conv.completion);
    expect(summary).toEqual(memorySummary);
  });

  it("--strict writes nothing when a file has a bad line", async () => {
    const before = await summaryOf(flags);
    const { file } = writeBadLinesFile(emptyDir());
    const result = await runCli([...flags, "import", "--strict", file]);
    expect(result.code).toBe(1);
    expect(await summaryOf(flags)).toEqual(before);
  });

  it("exports every record as JSON Lines", async () => {
    const result = await runCli([
      ...flags,
      "export",
      "--format",
      "jsonl",
      "--filter",
      "model=azure-code",
    ]);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(code.records);
    expect(rows.reduce((sum, r) => sum + r.completionTokens, 0)).toBe(code.completion);
  });

  it("clears what the filter matches and says how many", async () => {
    const result = await runCli([...flags, "clear", "--filter", "model=azure-code", "--yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Removed ${code.records.toLocaleString("en-US")} records.\n`);
    const summary = await summaryOf(flags);
    expect(summary.totalRecords).toBe(conv.records);
    expect(Object.keys(summary.byModel)).toEqual(["azure-conv"]);
  });
});

describe("genie-usage with an unreachable store", () => {
  it.each([
    ["postgres", "GENIE_USAGE_POSTGRES_URL", "postgres://app:s3cret@127.0.0.1:1/usage"],
    ["redis", "GENIE_USAGE_REDIS_URL", "redis://:s3cret@127.0.0.1:1"],
  ])("exits 3 with one line for %s, the password masked", async (recorder, variable, url) => {
    const result = await runCli(["summary"], {
      env: { GENIE_USAGE_RECORDER: recorder, [variable]: url },
    });
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toContain("s3cret");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
