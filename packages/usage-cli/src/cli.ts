#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli } from "./program.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const { version } = JSON.parse(readFileSync(`${packageDir}package.json`, "utf8")) as {
  version: string;
};

// A reader that stops early (`| head`) is not an error: stop writing and exit quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

runCli(process.argv.slice(2), { version, bundledRoot: packageDir }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`genie-usage: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
