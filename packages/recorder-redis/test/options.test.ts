import { InvalidConfigError } from "@genie/usage-core";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { openConnection } from "../src/connection.js";
import { namespaceKeys } from "../src/keys.js";
import { resolveOptions } from "../src/options.js";

describe("redis recorder options", () => {
  it("fills defaults", () => {
    expect(resolveOptions({})).toMatchObject({
      url: "redis://127.0.0.1:6379",
      prefix: "genie-usage",
      batchSize: 500,
      overflow: "block",
      retentionDays: null,
      commandTimeoutMs: 10_000,
    });
  });

  it.each(["", "a{b", "a}b", "a*", "a?", "a[b]", "a b", "x".repeat(65), "é"])(
    "rejects the prefix %j",
    (prefix) => {
      expect(() => resolveOptions({ prefix })).toThrow(InvalidConfigError);
    },
  );

  it.each(["genie-usage", "app:usage", "team_1.prod", "A-Z"])("accepts the prefix %j", (prefix) => {
    expect(resolveOptions({ prefix }).prefix).toBe(prefix);
  });

  it("reports every problem at once", () => {
    const attempt = () =>
      resolveOptions({
        prefix: "bad prefix",
        batchSize: 0,
        overflow: "spill" as never,
        retentionDays: -1,
        url: "redis://x",
        clusterNodes: ["redis://y"],
        colour: "blue",
      } as never);
    expect(attempt).toThrow(InvalidConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidConfigError).problems).toHaveLength(6);
    }
  });

  it("puts every key of a namespace under one hash tag", () => {
    const keys = namespaceKeys("app:usage");
    for (const key of Object.values(keys)) expect(key.startsWith("{app:usage}:")).toBe(true);
  });

  it("never shows the password of a URL", () => {
    const url = "redis://user:s3cret-pw@127.0.0.1:1/0";
    const connection = openConnection(resolveOptions({ url }));
    connection.client.disconnect();
    expect(connection.label).not.toContain("s3cret-pw");
    expect(connection.label).toContain("***");
  });
});

describe("a given client", () => {
  it("is refused when it prefixes keys itself", () => {
    const client = new Redis({ lazyConnect: true, keyPrefix: "app:" });
    expect(() => resolveOptions({ client })).toThrow(/keyPrefix/);
    client.disconnect();
  });

  it("leaves the command timeout of a given client to the application", () => {
    const client = new Redis({ lazyConnect: true });
    expect(() => resolveOptions({ client, commandTimeoutMs: 500 })).toThrow(/commandTimeoutMs/);
    expect(resolveOptions({ client }).client).toBe(client);
    client.disconnect();
  });
});
