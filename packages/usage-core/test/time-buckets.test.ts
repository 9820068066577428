import { describe, expect, it } from "vitest";
import { bucketStart } from "../src/index.js";

const at = (iso: string): number => Date.parse(iso);

// Expected instants are written out by hand from the zones' published rules.
describe("bucketStart", () => {
  it("UTC buckets", () => {
    const t = at("2023-11-16T18:17:03.979Z"); // a Thursday
    expect(bucketStart(t, "hour")).toBe(at("2023-11-16T18:00:00Z"));
    expect(bucketStart(t, "day")).toBe(at("2023-11-16T00:00:00Z"));
    expect(bucketStart(t, "week")).toBe(at("2023-11-13T00:00:00Z"));
    expect(bucketStart(t, "month")).toBe(at("2023-11-01T00:00:00Z"));
    expect(bucketStart(at("2024-01-07T23:59:59.999Z"), "week")).toBe(at("2024-01-01T00:00:00Z"));
    expect(bucketStart(at("2024-01-08T00:00:00Z"), "week")).toBe(at("2024-01-08T00:00:00Z"));
  });

  it("New York across the November 2024 fall-back", () => {
    const tz = "America/New_York";
    expect(bucketStart(at("2024-11-03T12:00:00Z"), "day", tz)).toBe(at("2024-11-03T04:00:00Z"));
    expect(bucketStart(at("2024-11-04T12:00:00Z"), "day", tz)).toBe(at("2024-11-04T05:00:00Z"));
    // The two 01:30s of that night fall in two different hours.
    expect(bucketStart(at("2024-11-03T05:30:00Z"), "hour", tz)).toBe(at("2024-11-03T05:00:00Z"));
    expect(bucketStart(at("2024-11-03T06:30:00Z"), "hour", tz)).toBe(at("2024-11-03T06:00:00Z"));
    expect(bucketStart(at("2024-11-06T12:00:00Z"), "week", tz)).toBe(at("2024-11-04T05:00:00Z"));
    expect(bucketStart(at("2024-11-15T12:00:00Z"), "month", tz)).toBe(at("2024-11-01T04:00:00Z"));
    // 23:30 local on Nov 2 is still the 2nd.
    expect(bucketStart(at("2024-11-03T03:30:00Z"), "day", tz)).toBe(at("2024-11-02T04:00:00Z"));
  });

  it("Berlin across the March 2024 spring-forward", () => {
    const tz = "Europe/Berlin";
    expect(bucketStart(at("2024-03-31T12:00:00Z"), "day", tz)).toBe(at("2024-03-30T23:00:00Z"));
    expect(bucketStart(at("2024-04-01T12:00:00Z"), "day", tz)).toBe(at("2024-03-31T22:00:00Z"));
  });

  it("a day that starts at 01:00 because midnight was skipped (Santiago, September 2024)", () => {
    expect(bucketStart(at("2024-09-08T15:00:00Z"), "day", "America/Santiago")).toBe(
      at("2024-09-08T04:00:00Z"),
    );
  });

  it("half-hour offsets keep local hours (Kolkata)", () => {
    expect(bucketStart(at("2024-01-01T00:10:00Z"), "hour", "Asia/Kolkata")).toBe(
      at("2023-12-31T23:30:00Z"),
    );
    expect(bucketStart(at("2024-01-01T00:10:00Z"), "day", "Asia/Kolkata")).toBe(
      at("2023-12-31T18:30:00Z"),
    );
  });
});

describe("bucketStart at a transition off the quarter hour", () => {
  it("St John's fell back at 00:01 local on 2007-11-04", () => {
    // 02:35Z is 23:05 on the 3rd (UTC-3:30 ended at 00:01 NDT = 02:31Z).
    expect(bucketStart(at("2007-11-04T02:35:00Z"), "day", "America/St_Johns")).toBe(
      at("2007-11-03T02:30:00Z"),
    );
    expect(bucketStart(at("2007-11-04T04:00:00Z"), "day", "America/St_Johns")).toBe(
      at("2007-11-04T02:30:00Z"),
    );
  });
});
