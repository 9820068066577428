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

describe("recorder names", () => {
  it.each([" , ", ","])("GENIE_USAGE_RECORDER=%j names no recorder and is rejected", (value) => {
    expect(() => resolveConfig({ env: { GENIE_USAGE_RECORDER: value } })).toThrow(
      /names no recorder/,
    );
  });

  it.each(["foo/../../bar", "x/../../../app/node_modules/bar", " memory", "@acme/", "http://x"])(
    "%j cannot leave node_modules",
    (name) => {
      expect(() => resolveConfig({ env: {}, features: { tokenUsageRecorder: name } })).toThrow(
        InvalidConfigError,
      );
      // The environment's list is trimmed, so " memory" is fine there.
      if (name.trim() !== name) return;
      expect(() => resolveConfig({ env: { GENIE_USAGE_RECORDER: name } })).toThrow(
        InvalidConfigError,
      );
    },
  );

  it("rejects a logger that is not an object", () => {
    expect(() => resolveConfig({ env: {}, logger: 3 as never })).toThrow(/logger/);
  });
});

describe("maskSecret", () => {
  it("hides passwords in query strings, keyword strings, lists and messages", async () => {
    const { maskSecrets } = await import("../src/index.js");
    expect(maskSecret("postgresql://127.0.0.1/db?password=qsecret&sslmode=off")).toBe(
      "postgresql://127.0.0.1/db?password=***&sslmode=off",
    );
    expect(maskSecrets("host=db user=app password=kvsecret dbname=x")).toBe(
      "host=db user=app password=*** dbname=x",
    );
    expect(maskSecrets("redis://:a1@h1:1,redis://:b2@h2:2")).toBe(
      "redis://:***@h1:1,redis://:***@h2:2",
    );
    expect(maskSecrets("connect failed for postgres://u:leak2@db:5432/x (timeout)")).toBe(
      "connect failed for postgres://u:***@db:5432/x (timeout)",
    );
    expect(maskSecrets("auth=authpw")).toBe("auth=***");
  });

  it("hides API keys, tokens and signatures passed as query parameters", async () => {
    const { maskSecrets } = await import("../src/index.js");
    const names = ["key", "access_token", "api-key", "x-api-key", "client_secret", "sig"];
    for (const name of names) {
      const url = `https://h.example/v1?api-version=2024-10-21&${name}=s3cr3t-${name}&n=1`;
      expect(maskSecrets(url)).toBe(`https://h.example/v1?api-version=2024-10-21&${name}=***&n=1`);
      expect(maskSecrets(`https://h.example/v1?${name.toUpperCase()}=s3cr3t`)).toBe(
        `https://h.example/v1?${name.toUpperCase()}=***`,
      );
    }
    // Only whole parameter names: these merely end in a secret's name.
    expect(maskSecrets("https://h.example/?monkey=1&design=2")).toBe(
      "https://h.example/?monkey=1&design=2",
    );
  });

  it("hides the password of a connection string, and only the password", () => {
    expect(maskSecret("postgres://app:s3cr%40t@db.internal:5432/usage")).toBe(
      "postgres://app:***@db.internal:5432/usage",
    );
    expect(maskSecret("redis://:pw@127.0.0.1:6379/0")).toBe("redis://:***@127.0.0.1:6379/0");
    expect(maskSecret("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });
});
