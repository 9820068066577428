import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Genie, listRecorders, RecorderNotFoundError } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { APP_ROOT } from "../src/index.js";

/**
 * A fixture application laid out as installed: its package.json depends on
 * @acme/genie-recorder-jsonl, and node_modules holds that package (whose entry
 * re-exports the JSON Lines recorder built next door).
 */
function writeScopedApp(root: string): void {
  const jsonlEntry = join(
    realpathSync(join(APP_ROOT, "node_modules", "genie-recorder-jsonl")),
    "dist",
    "index.js",
  );
  const packageDir = join(root, "node_modules", "@acme", "genie-recorder-jsonl");
  mkdirSync(packageDir, { recursive: true });
  const manifest = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(
    join(root, "package.json"),
    manifest({
      name: "acme-app",
      private: true,
      dependencies: { "@acme/genie-recorder-jsonl": "1.0.0" },
    }),
  );
  writeFileSync(
    join(packageDir, "package.json"),
    manifest({
      name: "@acme/genie-recorder-jsonl",
      version: "1.0.0",
      type: "module",
      exports: { ".": "./index.js", "./package.json": "./package.json" },
    }),
  );
  writeFileSync(
    join(packageDir, "index.js"),
    `export { default } from ${JSON.stringify(pathToFileURL(jsonlEntry).href)};\n`,
  );
}

const root = mkdtempSync(join(tmpdir(), "genie-acme-app-"));
writeScopedApp(root);

afterAll(() => rm(root, { recursive: true, force: true }));

describe("a scoped recorder package, @acme/genie-recorder-jsonl", () => {
  it("is listed as @acme/jsonl", async () => {
    const choices = await listRecorders({ root, env: {} });
    expect(choices).toEqual([
      { name: "@acme/jsonl", source: "@acme/genie-recorder-jsonl", origin: "dependency" },
    ]);
  });

  it("is loaded by @acme/jsonl and records to its file", async () => {
    const path = join(root, "usage.jsonl");
    const open = () =>
      Genie.create({
        root,
        features: { tokenUsageRecorder: "@acme/jsonl" },
        tokenUsageRecorderConfigurations: { "@acme/jsonl": { path, flushIntervalMs: 0 } },
        env: {},
      });
    const genie = await open();
    const prompts = [3, 5, 8];
    for (const promptTokens of prompts) {
      await genie.usage.recordUsage({ providerId: "acme", modelName: "m", promptTokens });
    }
    await genie.close();

    const reopened = await open();
    const summary = await reopened.usage.getSummary();
    await reopened.close();
    expect(reopened.usage.recorderIds).toEqual(["@acme/jsonl"]);
    expect(summary.totalPromptTokens).toBe(prompts.reduce((a, b) => a + b, 0));
  });

  it("is not found under the unscoped short name, and the error says what was tried", async () => {
    const opening = Genie.create({ root, features: { tokenUsageRecorder: "jsonl" }, env: {} });
    await expect(opening).rejects.toThrow(RecorderNotFoundError);
    await expect(opening).rejects.toThrow(/genie-recorder-jsonl/);
  });
});
