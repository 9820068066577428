import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "recorder-memory", include: ["test/**/*.test.ts"] } });
