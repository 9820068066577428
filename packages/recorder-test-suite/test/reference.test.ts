import { normalizeQuery, validateUsageRecord } from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import { referenceBucketStart } from "../src/reference/local-time.js";
import { compareKeyValues, ReferenceStore } from "../src/reference/reference-store.js";

const at = (iso: string): number => Date.parse(iso);

// The reference decides every expected number, so it is checked on its own
// against instants worked out by hand from the zones' published rules.
describe("referenceBucketStart", () => {
  it("keeps New York's two 01:00 hours apart on 2024-11-03", () => {
    const tz = "America/New_York";
    expect(referenceBucketStart(at("2024-11-03T05:30:00Z"), "hour", tz)).toBe(
      at("2024-11-03T05:00:00Z"),
    );
    expect(referenceBucketStart(at("2024-11-03T06:30:00Z"), "hour", tz)).toBe(
      at("2024-11-03T06:00:00Z"),
    );
    expect(referenceBucketStart(at("2024-11-03T12:00:00Z"), "day", tz)).toBe(
      at("2024-11-03T04:00:00Z"),
    );
  });

  it("starts Santiago's 2024-09-08 at 01:00 local, after the skipped midnight", () => {
    const tz = "America/Santiago";
    expect(referenceBucketStart(at("2024-09-08T15:00:00Z"), "day", tz)).toBe(
      at("2024-09-08T04:00:00Z"),
    );
    expect(referenceBucketStart(at("2024-09-08T03:59:59.999Z"), "day", tz)).toBe(
      at("2024-09-07T04:00:00Z"),
    );
  });

  it("puts Asunción's repeated 23:30 of 2024-03-23 on the 23rd", () => {
    const tz = "America/Asuncion";
    expect(referenceBucketStart(at("2024-03-24T03:30:00Z"), "day", tz)).toBe(
      at("2024-03-23T03:00:00Z"),
    );
    expect(referenceBucketStart(at("2024-03-24T04:00:00Z"), "day", tz)).toBe(
      at("2024-03-24T04:00:00Z"),
    );
  });

  it("begins Berlin's weeks on Monday and months on the 1st, at local midnight", () => {
    const tz = "Europe/Berlin";
    expect(referenceBucketStart(at("2024-03-31T12:00:00Z"), "week", tz)).toBe(
      at("2024-03-24T23:00:00Z"),
    );
    expect(referenceBucketStart(at("2024-11-15T12:00:00Z"), "month", tz)).toBe(
      at("2024-10-31T23:00:00Z"),
    );
    expect(referenceBucketStart(at("2025-01-01T12:00:00Z"), "week", "UTC")).toBe(
      at("2024-12-30T00:00:00Z"),
    );
  });

  it("starts Kolkata's hours at half past in UTC", () => {
    expect(referenceBucketStart(at("2024-01-01T00:10:00Z"), "hour", "Asia/Kolkata")).toBe(
      at("2023-12-31T23:30:00Z"),
    );
  });
});

describe("ReferenceStore", () => {
  const record = (id: string, promptTokens: number, costUsd: number | null) =>
    validateUsageRecord({
      id,
      providerId: "p",
      modelName: "m",
      promptTokens,
      costUsd,
      timestamp: 1e12,
    });

  it("keeps the first copy of an id, sums costs in nano-dollars, counts clears", () => {
    const store = new ReferenceStore();
    store.addAll([
      record("a", 1, 0.1),
      record("a", 100, 0.1),
      record("b", 2, 0.2),
      record("c", 4, null),
    ]);
    const summary = store.summary(normalizeQuery({}));
    expect(summary.totalRecords).toBe(3);
    expect(summary.totalPromptTokens).toBe(7);
    expect(summary.totalCostUsd).toBe(0.3);
    expect(summary.unpricedTokens).toBe(4);
    expect(store.clear(undefined)).toBe(3);
  });

  it("orders group keys null, booleans, numbers, then strings by code unit", () => {
    const keys = ["b", 10, "10", null, true, 2, false, "B", "é"];
    expect([...keys].sort(compareKeyValues)).toEqual([
      null,
      false,
      true,
      2,
      10,
      "10",
      "B",
      "b",
      "é",
    ]);
  });
});
