import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The folder of the nearest package.json at or above `start`, else `start`. */
export function findApplicationRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/**
 * Finds an installed package the way Node does from `root`: each
 * `node_modules/<name>` from `root` upward. Never from this module's folder.
 */
export function findPackageDir(name: string, root: string): string | undefined {
  let dir = resolve(root);
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const CONDITIONS = ["node", "import", "default", "require"];

function pickExport(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const picked = pickExport(t);
      if (picked) return picked;
    }
    return undefined;
  }
  if (typeof target !== "object" || target === null) return undefined;
  const map = target as Record<string, unknown>;
  for (const condition of CONDITIONS) {
    if (condition in map) {
      const picked = pickExport(map[condition]);
      if (picked) return picked;
    }
  }

  return undefined;
}

/** The file a package's main entry points at (exports ".", then main, then index.js). */
export function packageEntry(packageDir: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    exports?: unknown;
    main?: string;
  };
  let entry: string | undefined;
  const exportsField = manifest.exports;
  if (exportsField !== undefined) {
    const isSubpathMap =
      typeof exportsField === "object" &&
      exportsField !== null &&
      !Array.isArray(exportsField) &&
      Object.keys(exportsField).some((k) => k.startsWith("."));
    entry = pickExport(
      isSubpathMap ? (exportsField as Record<string, unknown>)["."] : exportsField,
    );
  }
  entry ??= manifest.main ?? "index.js";

  return join(packageDir, entry);
}

/** Reads the dependency names from the application's package.json. */
export function readDependencyNames(root: string): string[] {
  const file = join(root, "package.json");
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const names = new Set<string>();
  for (const field of [
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
  ]) {
    const deps = manifest[field];
    if (deps && typeof deps === "object") for (const name of Object.keys(deps)) names.add(name);
  }

  return [...names].sort();
}
