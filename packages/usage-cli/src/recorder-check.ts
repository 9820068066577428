import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { candidatePackages, isRecorderPlugin, type RecorderListing } from "@genie/usage-core";

/** Whether a configured recorder can be loaded, and if not, why. */
export interface RecorderCheck {
  loads: boolean;
  problem?: string;
}

// A plugin is the module's default export, a CJS-wrapped default, or its `plugin` export.
function exportsPlugin(mod: unknown): boolean {
  let candidate: unknown = mod;
  for (let depth = 0; depth < 3 && candidate; depth += 1) {
    const record = candidate as Record<string, unknown>;
    if (isRecorderPlugin(candidate) || isRecorderPlugin(record.plugin)) return true;
    candidate = record.default;
  }

  return false;
}

/** Loads a package from `root` without creating anything: its entry must export a plugin. */
async function loadFrom(root: string, packageName: string): Promise<RecorderCheck | undefined> {
  const require = createRequire(join(root, "package.json"));
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "MODULE_NOT_FOUND") return undefined;
    return {
      loads: false,
      problem: `${packageName} cannot be resolved (${code ?? String(error)})`,
    };
  }
  try {
    const mod: unknown = await import(pathToFileURL(entry).href);
    if (exportsPlugin(mod)) return { loads: true };
    return { loads: false, problem: `${packageName} does not export a recorder plugin` };
  } catch (error) {
    return { loads: false, problem: `${packageName} fails to load: ${(error as Error).message}` };
  }
}

/**
 * Checks that a configured recorder name can be loaded, as the commands would
 * load it (a dev-dir plugin, else a candidate package from the application's
 * root, else one bundled with genie-usage), without creating the recorder:
 * no store is contacted.
 */
export async function checkRecorder(
  name: string,
  devPlugins: readonly RecorderListing[],
  roots: readonly string[],
): Promise<RecorderCheck> {
  if (name === "none" || devPlugins.some((d) => d.name === name)) return { loads: true };
  const candidates = candidatePackages(name);
  for (const root of roots) {
    for (const packageName of candidates) {
      const result = await loadFrom(root, packageName);
      if (result) return result;
    }
  }

  return { loads: false, problem: `not installed (looked for ${candidates.join(", ")})` };
}
