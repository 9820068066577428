import { describe, expect, it } from "vitest";
import {
  InvalidUsageRecordError,
  LIMITS,
  type UsageRecordInput,
  validateUsageRecord,
} from "../src/index.js";

const base = { providerId: "openai", modelName: "gpt-4o", timestamp: 1_700_000_000_000 };

function rejection(input: unknown): InvalidUsageRecordError {
  try {
    validateUsageRecord(input as UsageRecordInput);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidUsageRecordError);
    expect((error as InvalidUsageRecordError).code).toBe("INVALID_USAGE_RECORD");
    return error as InvalidUsageRecordError;
  }
  throw new Error("expected the record to be rejected");
}

describe("validateUsageRecord: accepted records", () => {
  it("fills a missing total with the sum of the known parts", () => {
    expect(
      validateUsageRecord({ ...base, promptTokens: 10, completionTokens: 5 }).totalTokens,
    ).toBe(15);
    expect(validateUsageRecord({ ...base, promptTokens: 1000 }).totalTokens).toBe(1000);
    expect(validateUsageRecord({ ...base }).totalTokens).toBeNull();
  });

  it("keeps a total the provider gave, even when it differs from the parts", () => {
    expect(
      validateUsageRecord({ ...base, promptTokens: 10, completionTokens: 5, totalTokens: 20 })
        .totalTokens,
    ).toBe(20);
  });

  it("turns a Date into epoch milliseconds and defaults the timestamp to now", () => {
    expect(validateUsageRecord({ ...base, timestamp: new Date(1_700_000_000_123) }).timestamp).toBe(
      1_700_000_000_123,
    );
    const before = Date.now();
    const stamped = validateUsageRecord({ providerId: "p", modelName: "m" }).timestamp;
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });

  it("generates distinct ids when absent and keeps a caller's id", () => {
    const a = validateUsageRecord(base);
    const b = validateUsageRecord(base);
    expect(a.id).not.toBe(b.id);
    expect(a.idSource).toBe("generated");
    const own = validateUsageRecord({ ...base, id: "req-1" });
    expect(own.id).toBe("req-1");
    expect(own.idSource).toBe("caller");
  });

  it("accepts MAX_SAFE_INTEGER and leaves absent fields null", () => {
    const record = validateUsageRecord({ ...base, promptTokens: Number.MAX_SAFE_INTEGER });
    expect(record.promptTokens).toBe(Number.MAX_SAFE_INTEGER);
    expect(record.userId).toBeNull();
    expect(record.customTags).toBeNull();
    expect(record.costUsd).toBeNull();
  });
});

describe("validateUsageRecord: each bad input is rejected naming field and value", () => {
  it.each([
    ["negative", -1, "must not be negative"],
    ["fractional", 1.5, "whole number"],
    ["NaN", Number.NaN, "NaN"],
    ["infinite", Number.POSITIVE_INFINITY, "finite"],
    ["unsafe integer", 2 ** 53, "MAX_SAFE_INTEGER"],
    ["string", "12", "must be a number"],
  ])("%s count", (_, value, reason) => {
    for (const field of [
      "promptTokens",
      "completionTokens",
      "totalTokens",
      "cachedPromptTokens",
      "cacheWriteTokens",
      "reasoningTokens",
    ]) {
      const error = rejection({
        ...base,
        promptTokens: 100,
        completionTokens: 100,
        [field]: value,
      });
      expect(error.field).toBe(field);
      expect(error.message).toContain(reason);
      expect(error.message).toContain(field);
    }
  });

  it.each([
    ["missing providerId", { modelName: "m" }, "providerId"],
    ["empty providerId", { providerId: "", modelName: "m" }, "providerId"],
    ["missing modelName", { providerId: "p" }, "modelName"],
    ["empty modelName", { providerId: "p", modelName: "" }, "modelName"],
    ["non-string modelName", { providerId: "p", modelName: 4 }, "modelName"],
  ])("%s", (_, input, field) => {
    expect(rejection({ timestamp: base.timestamp, ...input }).field).toBe(field);
  });

  it("a timestamp in seconds, and says so", () => {
    const error = rejection({ ...base, timestamp: 1_700_000_000 });
    expect(error.field).toBe("timestamp");
    expect(error.message).toContain("seconds");
    expect(error.message).toContain("1700000000");
  });

  it.each([
    ["NaN", Number.NaN],
    ["infinite", Number.POSITIVE_INFINITY],
    ["an invalid Date", new Date("nope")],
    ["a string", "2024-01-01"],
  ])("a timestamp that is %s", (_, timestamp) => {
    expect(rejection({ ...base, timestamp }).field).toBe("timestamp");
  });

  it("nested tags", () => {
    const error = rejection({ ...base, customTags: { team: { name: "x" } } });
    expect(error.field).toBe("customTags.team");
    expect(error.message).toContain("nested");
  });

  it("array tag values and array tags", () => {
    expect(rejection({ ...base, customTags: { team: ["a"] } }).field).toBe("customTags.team");
    expect(rejection({ ...base, customTags: ["a"] }).field).toBe("customTags");
  });

  it.each(["__proto__", "constructor", "prototype"])("the tag key %s", (key) => {
    const tags = JSON.parse(`{"${key}": "x"}`);
    const error = rejection({ ...base, customTags: tags });
    expect(error.field).toContain(key);
    expect(error.message).toContain("forbidden");
  });

  it("a non-finite number tag", () => {
    expect(rejection({ ...base, customTags: { n: Number.NaN } }).field).toBe("customTags.n");
  });

  it("strings over the documented length", () => {
    const long = "x".repeat(LIMITS.maxIdentifierLength + 1);
    for (const field of ["providerId", "modelName", "userId", "sessionId", "callType", "id"]) {
      const error = rejection({ ...base, [field]: long });
      expect(error.field).toBe(field);
      expect(error.message).toContain(String(LIMITS.maxIdentifierLength));
    }
    const tagError = rejection({
      ...base,
      customTags: { t: "v".repeat(LIMITS.maxTagValueLength + 1) },
    });
    expect(tagError.field).toBe("customTags.t");
  });

  it("a negative or non-finite cost", () => {
    expect(rejection({ ...base, costUsd: -0.01 }).field).toBe("costUsd");
    expect(rejection({ ...base, costUsd: Number.NaN }).field).toBe("costUsd");
  });

  it("parts larger than their whole (a double count)", () => {
    expect(rejection({ ...base, promptTokens: 100, cachedPromptTokens: 101 }).field).toBe(
      "cachedPromptTokens",
    );
    expect(
      rejection({ ...base, promptTokens: 100, cachedPromptTokens: 60, cacheWriteTokens: 50 }).field,
    ).toBe("cachedPromptTokens");
    expect(rejection({ ...base, completionTokens: 10, reasoningTokens: 11 }).field).toBe(
      "reasoningTokens",
    );
  });

  it("a field that is not in the record, with a hint for snake_case", () => {
    const error = rejection({ ...base, prompt_tokens: 5 });
    expect(error.field).toBe("prompt_tokens");
    expect(error.message).toContain('did you mean "promptTokens"');
  });

  it("a record that is not an object", () => {
    expect(rejection(null).field).toBe("record");
    expect(rejection([base]).field).toBe("record");
  });

  it("a cost above the per-call bound", () => {
    expect(rejection({ ...base, costUsd: 1e300 }).field).toBe("costUsd");
    expect(rejection({ ...base, costUsd: LIMITS.maxCostUsd + 1 }).message).toContain(
      String(LIMITS.maxCostUsd),
    );
  });

  it("a computed total past 2^53 - 1", () => {
    const huge = Number.MAX_SAFE_INTEGER;
    expect(rejection({ ...base, promptTokens: huge, completionTokens: huge }).field).toBe(
      "totalTokens",
    );
  });

  it("NUL characters and blank required strings", () => {
    expect(rejection({ ...base, userId: "a\u0000b" }).field).toBe("userId");
    expect(rejection({ ...base, modelName: "   " }).field).toBe("modelName");
    expect(rejection({ ...base, customTags: { t: "x\u0000" } }).field).toBe("customTags.t");
  });

  it("an input whose getter throws, as a typed error", () => {
    const input = { ...base };
    Object.defineProperty(input, "userId", {
      enumerable: true,
      get: () => {
        throw new Error("boom");
      },
    });
    const error = rejection(input);
    expect(error.field).toBe("record");
    expect(error.message).toContain("boom");
  });
});

describe("tags are copied", () => {
  it("so a getter is read once and later mutation does not reach the record", () => {
    let reads = 0;
    const tags: Record<string, unknown> = { team: "core" };
    Object.defineProperty(tags, "flip", {
      enumerable: true,
      get: () => (reads++ === 0 ? "ok" : { nested: true }),
    });
    const record = validateUsageRecord({ ...base, customTags: tags as never });
    expect(record.customTags).toEqual({ team: "core", flip: "ok" });
    tags.team = "changed";
    expect(record.customTags?.team).toBe("core");
    expect(reads).toBe(1);
  });
});
