import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emptyDir, removeEmptyDirs, runCli } from "./helpers/run-cli.js";

afterAll(removeEmptyDirs);

interface RecordersJson {
  configured: { name: string; loads: boolean; problem?: string }[];
}

describe("genie-usage recorders checks that the configured recorder loads", () => {
  it("exits 3 for a recorder that is not installed, naming the packages looked for", async () => {
    const result = await runCli(["--json", "recorders", "--recorder", "nonexistent-store"]);
    expect(result.code).toBe(3);
    const [configured] = (JSON.parse(result.stdout) as RecordersJson).configured;
    expect(configured).toMatchObject({ name: "nonexistent-store", loads: false });
    expect(configured?.problem).toContain("@genie/recorder-nonexistent-store");
    expect(result.stderr).toContain('"nonexistent-store" cannot be loaded');

    const human = await runCli(["recorders", "--recorder", "nonexistent-store"]);
    expect(human.code).toBe(3);
    expect(human.stdout).toContain("CANNOT LOAD");
  });

  it("exits 3 for an installed package that exports no plugin", async () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "app", dependencies: { "genie-recorder-broken": "1.0.0" } }),
    );
    const pkg = join(dir, "node_modules", "genie-recorder-broken");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: "genie-recorder-broken", main: "index.js" }),
    );
    writeFileSync(join(pkg, "index.js"), "module.exports = { notAPlugin: true };\n");
    const result = await runCli(["--json", "recorders", "--recorder", "broken"], { cwd: dir });
    expect(result.code).toBe(3);
    const [configured] = (JSON.parse(result.stdout) as RecordersJson).configured;
    expect(configured?.loads).toBe(false);
    expect(configured?.problem).toContain("is not a usage recorder plugin");
  });

  it("exits 0 for a recorder that loads, without contacting its store", async () => {
    for (const recorder of ["memory", "postgres", "redis"]) {
      const result = await runCli(["--json", "recorders", "--recorder", recorder], {
        env: {
          GENIE_USAGE_POSTGRES_URL: "postgres://app@127.0.0.1:1/usage",
          GENIE_USAGE_REDIS_URL: "redis://127.0.0.1:1",
        },
      });
      expect(result.code, recorder).toBe(0);
      const [configured] = (JSON.parse(result.stdout) as RecordersJson).configured;
      expect(configured, recorder).toMatchObject({ name: recorder, loads: true });
    }
  });
});
