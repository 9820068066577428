import type { Options } from "tsup";

/** The one build every package shares: ESM + CJS with declarations. */
export const baseTsupOptions: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: false,
  treeshake: true,
};
