import { defineConfig } from "tsup";
import { baseTsupOptions } from "../../tsup.base.ts";

export default defineConfig({
  ...baseTsupOptions,
  entry: ["src/index.ts", "src/main.ts"],
  format: ["esm"],
  dts: false,
});
