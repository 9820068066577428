import { defineConfig } from "tsup";
import { baseTsupOptions } from "../../tsup.base.ts";

export default defineConfig({
  ...baseTsupOptions,
  entry: {
    index: "src/index.ts",
    openai: "src/openai/index.ts",
    anthropic: "src/anthropic/index.ts",
    "ai-sdk": "src/ai-sdk/index.ts",
    langchain: "src/langchain/index.ts",
  },
});
