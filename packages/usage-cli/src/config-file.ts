import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type GenieConfig, InvalidConfigError } from "@genie/usage-core";

/** Config file names looked for in each folder, in this order. */
export const CONFIG_FILE_NAMES = [
  "genie.config.json",
  "genie.config.js",
  "genie.config.mjs",
  "genie.config.cjs",
  "genie.config.ts",
  "genie.config.mts",
] as const;

/** The nearest `genie.config.*` at or above `start`, or undefined. */
export function findConfigFile(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function exported(mod: unknown): unknown {
  const value = (mod as { default?: unknown } | null)?.default ?? mod;

  return (value as { default?: unknown } | null)?.default ?? value;
}

// TypeScript configs load through jiti, so they work on Node 20 (no type stripping).
async function importTypeScript(path: string): Promise<unknown> {
  const { createJiti } = await import("jiti");

  return createJiti(path, { interopDefault: true }).import(path, { default: true });
}

/**
 * Loads a config file: JSON, a JS module (ESM or CJS) or TypeScript, whose
 * default export (or module.exports) is a Genie config object.
 */
export async function loadConfigFile(path: string): Promise<GenieConfig> {
  const ext = extname(path).toLowerCase();
  let value: unknown;
  try {
    if (ext === ".json") value = JSON.parse(readFileSync(path, "utf8"));
    else if (ext === ".ts" || ext === ".mts") value = await importTypeScript(path);
    else value = exported(await import(pathToFileURL(path).href));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidConfigError([`${path} could not be loaded: ${detail}`]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidConfigError([`${path} must export a config object.`]);
  }

  return value as GenieConfig;
}
