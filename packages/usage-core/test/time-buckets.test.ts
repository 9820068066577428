import { describe, expect, it } from "vitest";
import { bucketStart } from "../src/index.js";

describe("bucketStart on a day whose midnight is skipped", () => {
  // America/Santiago, 2024-09-08: clocks jump from 00:00 (-04) to 01:00 (-03),
  // so the day begins at 01:00 local, 04:00 UTC.
  const dayStart = Date.UTC(2024, 8, 8, 4);

  it("starts the day at the first instant after the gap", () => {
    expect(bucketStart(dayStart, "day", "America/Santiago")).toBe(dayStart);
    expect(bucketStart(dayStart + 5 * 3_600_000, "day", "America/Santiago")).toBe(dayStart);
  });

  it("keeps the last minute before the gap on the previous day", () => {
    const previousDay = Date.UTC(2024, 8, 7, 4);
    expect(bucketStart(dayStart - 1, "day", "America/Santiago")).toBe(previousDay);
  });

  it("starts the week of that Sunday on Monday 2024-09-02, 00:00 -04", () => {
    expect(bucketStart(dayStart, "week", "America/Santiago")).toBe(Date.UTC(2024, 8, 2, 4));
  });
});
