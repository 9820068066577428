import { describe, expect, it } from "vitest";
import { type GenieConfig, InvalidConfigError, maskSecret, resolveConfig } from "../src/index.js";

describe("resolveConfig", () => {
  it("defaults to the memory recorder", () => {
    expect(resolveConfig({ env: {} }).recorders).toEqual(["memory"]);
  });

  it("reads the recorder list and options from GENIE_USAGE_* variables", () => {
    const resolved = resolveConfig({
      env: {
        GENIE_USAGE_RECORDER: "postgres, redis",
        GENIE_USAGE_POSTGRES_URL: "postgres://u:secret@db/x",
        GENIE_USAGE_REDIS_URL: "redis://127.0.0.1:6379",
        GENIE_USAGE_REDIS_PREFIX: "app",
      },
    });
    expect(resolved.recorders).toEqual(["postgres", "redis"]);
    expect(resolved.recorderConfigurations).toEqual({
      postgres: { connectionString: "postgres://u:secret@db/x" },
      redis: { url: "redis://127.0.0.1:6379", prefix: "app" },
    });
  });

  it("lets explicit settings win over the environment", () => {
    const resolved = resolveConfig({
      features: { tokenUsageRecorder: "in_memory_token_recorder" },
      tokenUsageRecorderConfigurations: { postgres: { connectionString: "postgres://explicit" } },
      env: { GENIE_USAGE_RECORDER: "postgres", GENIE_USAGE_POSTGRES_URL: "postgres://env" },
    });
    expect(resolved.recorders).toEqual(["in_memory_token_recorder"]);
    expect(resolved.recorderConfigurations.postgres).toEqual({
      connectionString: "postgres://explicit",
    });
  });

  it("reports every problem at once", () => {
    const config = {
      feature: {},
      features: { tokenUsageRecorder: ["", 42], tracing: true },
      tokenUsageRecorderConfigurations: { postgres: "postgres://x" },
      pluginDevDirs: "recorders",
      env: {},
    } as unknown as GenieConfig;
    const error = (() => {
      try {
        resolveConfig(config);
      } catch (e) {
        return e as InvalidConfigError;
      }
      throw new Error("expected a config error");
    })();
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.problems).toHaveLength(6);
    expect(error.message).toContain('"feature" is not a configuration option');
    expect(error.message).toContain("features.tracing");
    expect(error.message).toContain("features.tokenUsageRecorder[0]");
    expect(error.message).toContain("features.tokenUsageRecorder[1]");
    expect(error.message).toContain("tokenUsageRecorderConfigurations.postgres");
    expect(error.message).toContain("pluginDevDirs");
  });
});

describe("maskSecret", () => {
  it("hides the password of a connection string, and only the password", () => {
    expect(maskSecret("postgres://app:s3cr%40t@db.internal:5432/usage")).toBe(
      "postgres://app:***@db.internal:5432/usage",
    );
    expect(maskSecret("redis://:pw@127.0.0.1:6379/0")).toBe("redis://:***@127.0.0.1:6379/0");
    expect(maskSecret("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });
});
