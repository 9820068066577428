import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Writes files under `dir` from a map of relative path to contents. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

// A recorder written in plain JS, as a published package would ship it.
const recorderBody = `{
  records: [],
  options,
  async recordUsage(r) { this.records.push(r); },
  async getSummary() { return { totalRecords: this.records.length, options: this.options }; },
  async clearRecords() { const n = this.records.length; this.records = []; return n; },
  async flush() {},
  async close() {},
}`;

function esmPlugin(name: string, contractVersion: number | null = 1): string {
  const version = contractVersion === null ? "" : `contractVersion: ${contractVersion},`;
  return `export default { name: ${JSON.stringify(name)}, ${version} create(options) { return ${recorderBody}; } };\n`;
}

function cjsPlugin(name: string, wrapDefault: boolean): string {
  const plugin = `{ name: ${JSON.stringify(name)}, contractVersion: 1, create(options) { return ${recorderBody}; } }`;
  return wrapDefault
    ? `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = ${plugin};\n`
    : `module.exports = ${plugin};\n`;
}

function manifest(name: string, extra: Record<string, unknown>): string {
  return JSON.stringify({ name, version: "1.0.0", ...extra }, null, 2);
}

/**
 * An application folder with recorder packages installed in node_modules, in
 * each layout a published package might use.
 */
export function createFixtureApp(): string {
  const root = mkdtempSync(join(tmpdir(), "genie-discovery-"));
  const dependencies = Object.fromEntries(
    [
      "@genie/recorder-alpha",
      "genie-recorder-alpha",
      "genie-recorder-delta",
      "@acme/genie-recorder-gamma",
      "@acme/genie-recorder",
      "genie-recorder-plain",
      "genie-recorder-noexport",
      "genie-recorder-oldcontract",
      "genie-recorder-unversioned",
      "genie-recorder-badcreate",
      "@genie/recorder-test-suite",
      "left-pad",
    ].map((n) => [n, "1.0.0"]),
  );
  writeTree(root, {
    "package.json": manifest("fixture-app", { private: true, dependencies }),
    // Scoped ESM with an exports map (import condition only).
    "node_modules/@genie/recorder-alpha/package.json": manifest("@genie/recorder-alpha", {
      type: "module",
      exports: { ".": { import: "./dist/index.js" }, "./package.json": "./package.json" },
    }),
    "node_modules/@genie/recorder-alpha/dist/index.js": esmPlugin("alpha"),
    // Same short name, unscoped: must lose to the @genie one.
    "node_modules/genie-recorder-alpha/package.json": manifest("genie-recorder-alpha", {
      type: "module",
      main: "index.js",
    }),
    "node_modules/genie-recorder-alpha/index.js": esmPlugin("alpha-unscoped"),
    // Unscoped ESM through "main"; found as the second candidate of "delta".
    "node_modules/genie-recorder-delta/package.json": manifest("genie-recorder-delta", {
      type: "module",
      main: "main.js",
    }),
    "node_modules/genie-recorder-delta/main.js": esmPlugin("delta"),
    // Scoped CJS compiled from `export default` (exports.default + __esModule).
    "node_modules/@acme/genie-recorder-gamma/package.json": manifest("@acme/genie-recorder-gamma", {
      exports: { require: "./index.cjs" },
    }),
    "node_modules/@acme/genie-recorder-gamma/index.cjs": cjsPlugin("gamma", true),
    // A bare scope's package, CJS `module.exports = plugin`, no main (index.js).
    "node_modules/@acme/genie-recorder/package.json": manifest("@acme/genie-recorder", {}),
    "node_modules/@acme/genie-recorder/index.js": cjsPlugin("acme", false),
    "node_modules/genie-recorder-plain/package.json": manifest("genie-recorder-plain", {
      main: "lib.cjs",
    }),
    "node_modules/genie-recorder-plain/lib.cjs": cjsPlugin("plain", false),
    "node_modules/genie-recorder-noexport/package.json": manifest("genie-recorder-noexport", {
      type: "module",
    }),
    "node_modules/genie-recorder-noexport/index.js": "export const recorder = 1;\n",
    "node_modules/genie-recorder-oldcontract/package.json": manifest("genie-recorder-oldcontract", {
      type: "module",
    }),
    "node_modules/genie-recorder-oldcontract/index.js": esmPlugin("oldcontract", 0),
    "node_modules/genie-recorder-unversioned/package.json": manifest("genie-recorder-unversioned", {
      type: "module",
    }),
    "node_modules/genie-recorder-unversioned/index.js": esmPlugin("unversioned", null),
    "node_modules/genie-recorder-badcreate/package.json": manifest("genie-recorder-badcreate", {
      type: "module",
    }),
    "node_modules/genie-recorder-badcreate/index.js":
      'export default { name: "badcreate", contractVersion: 1, create() { return { recordUsage() {} }; } };\n',
    "node_modules/left-pad/package.json": manifest("left-pad", {}),
    "node_modules/left-pad/index.js": "module.exports = () => '';\n",
    // Unpublished recorders loaded through pluginDevDirs.
    "recorders/local.mjs": esmPlugin("local"),
    "recorders/shadow.mjs": esmPlugin("delta"),
    "recorders/README.md": "not a module\n",
  });

  return root;
}
