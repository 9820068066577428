import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }

  return newest;
}

/** The tests run the built binary: build it when it is missing or older than src/. */
export default function setup(): void {
  let built = 0;
  try {
    built = statSync(join(packageDir, "dist/cli.js")).mtimeMs;
  } catch {}
  if (built >= newestSource(join(packageDir, "src"))) return;
  execFileSync("pnpm", ["run", "build"], { cwd: packageDir, stdio: "ignore" });
}
