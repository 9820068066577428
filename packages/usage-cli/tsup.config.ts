import { defineConfig } from "tsup";
import { baseTsupOptions } from "../../tsup.base.ts";

// Two entries: the library (index) and the bin (cli, whose shebang is kept).
export default defineConfig({ ...baseTsupOptions, entry: ["src/index.ts", "src/cli.ts"] });
