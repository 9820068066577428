import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const DATA_DIR = fileURLToPath(
  new URL("../../../../examples/data/azure-llm-inference-2023/", import.meta.url),
);
export const TRACE_FILES = [
  join(DATA_DIR, "AzureLLMInferenceTrace_code.csv"),
  join(DATA_DIR, "AzureLLMInferenceTrace_conv.csv"),
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

const made: string[] = [];

/** A fresh empty folder: no package.json and no genie.config.* above it but the system's. */
export function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "genie-usage-cli-"));
  made.push(dir);

  return dir;
}

/** Removes every folder emptyDir made in this test file (call from afterAll). */
export function removeEmptyDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs the built genie-usage as a child process, without any GENIE_USAGE_* of ours. */
/** This process's environment without GENIE_USAGE_* and DEBUG. */
export function cliEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("GENIE_USAGE_") && key !== "DEBUG") env[key] = value;
  }

  return env;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const env = cliEnv();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? emptyDir(),
    env: { ...env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.end(options.input ?? "");

  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
