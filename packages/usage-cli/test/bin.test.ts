import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const demoBin = fileURLToPath(
  new URL("../../../examples/demo/node_modules/.bin/genie-usage", import.meta.url),
);
const manifest = JSON.parse(readFileSync(`${packageDir}package.json`, "utf8")) as {
  version: string;
  files: string[];
  bin: Record<string, string>;
};

describe("the genie-usage bin", () => {
  const target = manifest.bin["genie-usage"] ?? "";

  it("is a committed file outside dist, published with the package, and executable", () => {
    expect(target.replace(/^\.\//, "").split("/")[0]).not.toBe("dist");
    expect(manifest.files).toContain(target.replace(/^\.\//, "").split("/")[0]);
    const path = `${packageDir}${target}`;
    accessSync(path, constants.X_OK);
    expect(readFileSync(path, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("runs the built command and prints the package's version", () => {
    const out = execFileSync(process.execPath, [`${packageDir}${target}`, "--version"], {
      encoding: "utf8",
    });
    expect(out.trim()).toBe(manifest.version);
  });

  it("is linked into the demo by the workspace install, and runs from there", () => {
    expect(existsSync(demoBin)).toBe(true);
    expect(execFileSync(demoBin, ["--version"], { encoding: "utf8" }).trim()).toBe(
      manifest.version,
    );
  });
});
