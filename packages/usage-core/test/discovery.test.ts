import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  candidatePackages,
  Genie,
  InvalidRecorderPluginError,
  type Logger,
  listRecorders,
  RecorderNotFoundError,
} from "../src/index.js";
import { createFixtureApp } from "./helpers/fixture-packages.js";

let root: string;

beforeAll(() => {
  root = createFixtureApp();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function captureLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => {};
  return { warnings, debug: noop, info: noop, error: noop, warn: (m: string) => warnings.push(m) };
}

async function pluginNameFor(
  selection: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const genie = await Genie.create({
    root,
    env: {},
    features: { tokenUsageRecorder: selection },
    ...extra,
  });
  const recorder = (genie.usage as unknown as { recorderIds: string[] }).recorderIds[0];
  const summary = await genie.usage.getSummary();
  await genie.close();
  return `${recorder}:${summary.totalRecords}`;
}

describe("the naming grammar", () => {
  it.each([
    ["memory", ["@genie/recorder-memory"]],
    ["in_memory_token_recorder", ["@genie/recorder-memory"]],
    ["foo", ["@genie/recorder-foo", "genie-recorder-foo"]],
    ["@acme/foo", ["@acme/genie-recorder-foo"]],
    ["@acme", ["@acme/genie-recorder"]],
    ["genie-recorder-foo", ["genie-recorder-foo"]],
    ["@genie/recorder-foo", ["@genie/recorder-foo"]],
    ["@acme/genie-recorder-foo", ["@acme/genie-recorder-foo"]],
    ["@acme/genie-recorder", ["@acme/genie-recorder"]],
  ])("%s -> %j", (name, expected) => {
    expect(candidatePackages(name)).toEqual(expected);
  });
});

describe("loading installed recorder packages from the application root", () => {
  it("a short name finds the scoped @genie ESM package before the unscoped one", async () => {
    const loaded: string[] = [];
    const genie = await Genie.create({
      root,
      env: {},
      features: { tokenUsageRecorder: "alpha" },
      tokenUsageRecorderConfigurations: { alpha: { marker: 7 } },
    });
    await genie.usage.recordUsage({ providerId: "p", modelName: "m", timestamp: 1e12 });
    const stats = genie.usage.stats();
    loaded.push(...Object.keys(stats.recorders));
    expect(loaded).toEqual(["alpha"]);
    expect((await genie.usage.getSummary()).totalRecords).toBe(1);
    await genie.close();
  });

  it("falls back to the unscoped genie-recorder-<name>", async () => {
    expect(await pluginNameFor("delta")).toBe("delta:0");
  });

  it("loads a scoped CJS package compiled from export default", async () => {
    expect(await pluginNameFor("@acme/gamma")).toBe("@acme/gamma:0");
  });

  it("loads a bare scope's CJS package with module.exports = plugin", async () => {
    expect(await pluginNameFor("@acme")).toBe("@acme:0");
  });

  it("accepts a full conventional package name as written", async () => {
    expect(await pluginNameFor("genie-recorder-plain")).toBe("genie-recorder-plain:0");
  });

  it("passes the configured options to create(), by written name or plugin name", async () => {
    for (const key of ["plain", "genie-recorder-plain"]) {
      const genie = await Genie.create({
        root,
        env: {},
        features: { tokenUsageRecorder: key },
        tokenUsageRecorderConfigurations: { [key]: { level: 3 } },
      });
      const summary = (await genie.usage.getSummary()) as unknown as { options: unknown };
      expect(summary.options).toEqual({ level: 3 });
      await genie.close();
    }
  });

  it("a missing recorder fails at start-up naming every package tried and the install command", async () => {
    const error = (await Genie.create({
      root,
      env: {},
      features: { tokenUsageRecorder: "nosuch" },
    }).catch((e: unknown) => e)) as RecorderNotFoundError;
    expect(error).toBeInstanceOf(RecorderNotFoundError);
    expect(error.code).toBe("RECORDER_NOT_FOUND");
    expect(error.tried).toEqual(["@genie/recorder-nosuch", "genie-recorder-nosuch"]);
    expect(error.message).toContain("@genie/recorder-nosuch");
    expect(error.message).toContain("genie-recorder-nosuch");
    expect(error.message).toContain("pnpm add @genie/recorder-nosuch");
    expect(error.message).toContain(root);
  });

  it("a package without a plugin export fails with InvalidRecorderPluginError", async () => {
    const error = await Genie.create({
      root,
      env: {},
      features: { tokenUsageRecorder: "noexport" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecorderPluginError);
    expect((error as Error).message).toContain("genie-recorder-noexport");
    expect((error as Error).message).toContain("default export");
  });

  it("a plugin whose create() returns no recorder fails naming the missing methods", async () => {
    const error = await Genie.create({
      root,
      env: {},
      features: { tokenUsageRecorder: "badcreate" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecorderPluginError);
    expect((error as Error).message).toContain("getSummary");
  });

  it("warns when a plugin was built for another contract version, or declares none", async () => {
    const logger = captureLogger();
    await (
      await Genie.create({ root, env: {}, logger, features: { tokenUsageRecorder: "oldcontract" } })
    ).close();
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain("contract version 0");
    const quiet = captureLogger();
    await (
      await Genie.create({
        root,
        env: {},
        logger: quiet,
        features: { tokenUsageRecorder: "unversioned" },
      })
    ).close();
    expect(quiet.warnings[0]).toContain("declares no contract version");
    const none = captureLogger();
    await (
      await Genie.create({ root, env: {}, logger: none, features: { tokenUsageRecorder: "delta" } })
    ).close();
    expect(none.warnings).toEqual([]);
  });

  it("resolves from the application root, never from core's own folder", async () => {
    const coreModules = join(__dirname, "../node_modules/genie-recorder-coreonly");
    mkdirSync(coreModules, { recursive: true });
    writeFileSync(
      join(coreModules, "package.json"),
      JSON.stringify({ name: "genie-recorder-coreonly", type: "module" }),
    );
    writeFileSync(
      join(coreModules, "index.js"),
      'export default { name: "coreonly", create() { return {}; } };\n',
    );
    try {
      await expect(
        Genie.create({ root, env: {}, features: { tokenUsageRecorder: "coreonly" } }),
      ).rejects.toBeInstanceOf(RecorderNotFoundError);
    } finally {
      rmSync(coreModules, { recursive: true, force: true });
    }
  });
});

describe("pluginDevDirs", () => {
  it("loads a local module by its plugin name", async () => {
    expect(await pluginNameFor("local", { pluginDevDirs: ["recorders"] })).toBe("local:0");
  });

  it("is tried before any package lookup", async () => {
    const genie = await Genie.create({
      root,
      env: {},
      pluginDevDirs: ["recorders"],
      features: { tokenUsageRecorder: "delta" },
    });
    await genie.close();
    expect(genie.usage.recorderIds).toEqual(["delta"]);
  });

  it("can come from GENIE_USAGE_PLUGIN_DIRS", async () => {
    const genie = await Genie.create({
      root,
      env: { GENIE_USAGE_PLUGIN_DIRS: "recorders", GENIE_USAGE_RECORDER: "local" },
    });
    expect(genie.usage.recorderIds).toEqual(["local"]);
    await genie.close();
  });
});

describe("listRecorders", () => {
  it("lists conventional dependencies of package.json and dev-dir plugins, nothing else", async () => {
    const listed = await listRecorders({ root, env: {}, pluginDevDirs: ["recorders"] });
    expect(listed.map((l) => `${l.origin}:${l.name}`)).toEqual([
      "dependency:@acme",
      "dependency:@acme/gamma",
      "dependency:alpha",
      "dependency:alpha",
      "dependency:badcreate",
      "dependency:delta",
      "dependency:noexport",
      "dependency:oldcontract",
      "dependency:plain",
      "dependency:unversioned",
      "pluginDevDir:local",
      "pluginDevDir:delta",
    ]);
    expect(listed.find((l) => l.source === "genie-recorder-alpha")?.name).toBe("alpha");
  });
});

describe("broken plugin folders and modules", () => {
  it("a pluginDevDirs entry that is missing or a file fails at start-up", async () => {
    await expect(
      Genie.create({
        root,
        env: {},
        pluginDevDirs: ["no-such-folder"],
        features: { tokenUsageRecorder: "delta" },
      }),
    ).rejects.toThrow(/no-such-folder.*not a folder/);
    await expect(
      Genie.create({
        root,
        env: {},
        pluginDevDirs: ["package.json"],
        features: { tokenUsageRecorder: "delta" },
      }),
    ).rejects.toThrow(/not a folder/);
  });

  it("a module that throws on import names the module and the cause", async () => {
    const dir = join(root, "broken-recorders");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "boom.mjs"),
      'throw new Error("cannot start: postgres://u:leak@db/x");\n',
    );
    const error = (await Genie.create({ root, env: {}, pluginDevDirs: [dir] }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(InvalidRecorderPluginError);
    expect(error.message).toContain("boom.mjs");
    expect(error.message).toContain("cannot start");
    expect(error.message).not.toContain("leak");
  });
});
