import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "usage-core", include: ["test/**/*.test.ts"] } });
