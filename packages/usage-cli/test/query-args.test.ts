import { describe, expect, it } from "vitest";
import { parseFilters, parseInstant } from "../src/query-args.js";

describe("parseInstant", () => {
  const now = Date.parse("2026-03-29T12:00:00Z");

  it("reads relative times back from now", () => {
    expect(parseInstant("7d", "UTC", now)).toBe(now - 7 * 86_400_000);
    expect(parseInstant("12h", "UTC", now)).toBe(now - 12 * 3_600_000);
    expect(parseInstant("30m", "UTC", now)).toBe(now - 30 * 60_000);
  });

  it("reads a date without a zone as wall time in --tz, across a DST change", () => {
    // Europe/Berlin is UTC+1 before 2026-03-29 02:00 and UTC+2 after.
    expect(parseInstant("2026-03-28", "Europe/Berlin")).toBe(Date.parse("2026-03-27T23:00:00Z"));
    expect(parseInstant("2026-03-29 12:00", "Europe/Berlin")).toBe(
      Date.parse("2026-03-29T10:00:00Z"),
    );
    expect(parseInstant("2026-03-29T12:00:00Z", "Europe/Berlin")).toBe(now);
  });

  it("knows today and yesterday in the zone", () => {
    expect(parseInstant("today", "UTC", now)).toBe(Date.parse("2026-03-29T00:00:00Z"));
    expect(parseInstant("yesterday", "America/New_York", now)).toBe(
      Date.parse("2026-03-28T04:00:00Z"),
    );
  });

  it("rejects what is not a time", () => {
    expect(() => parseInstant("last tuesday")).toThrow(/not a time/);
  });
});

describe("parseFilters", () => {
  it("maps short keys, repeats into any-of, and key= into not set", () => {
    expect(parseFilters(["model=gpt-4o", "model=o3", "user=", "tag:team=ml", "tag:n=3"])).toEqual({
      modelName: ["gpt-4o", "o3"],
      userId: null,
      tags: { team: "ml", n: 3 },
    });
  });

  it("keeps a quoted tag value as a string", () => {
    expect(parseFilters(['tag:n="3"'])).toEqual({ tags: { n: "3" } });
  });

  it("rejects unknown keys and entries without =", () => {
    expect(() => parseFilters(["colour=red"])).toThrow(/unknown/);
    expect(() => parseFilters(["model"])).toThrow(/key=value/);
  });
});
