import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emptyDir, removeEmptyDirs, runCli } from "./helpers/run-cli.js";

afterAll(removeEmptyDirs);

// The reference label: Swedish dates read "2023-11-05 01:30:00"; the offset is
// Intl's longOffset zone name ("GMT-04:00", or "GMT" for zero).
function referenceLabel(ms: number, timeZone: string): string {
  const wall = new Date(ms).toLocaleString("sv-SE", { timeZone, hourCycle: "h23" });
  const zoneName = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(ms)
    .find((p) => p.type === "timeZoneName")?.value;
  const offset = zoneName === "GMT" || zoneName === undefined ? "+00:00" : zoneName.slice(3);
  return `${wall.slice(0, 13)}:00 ${offset}`;
}

describe("hour labels of a zoned summary", () => {
  it("carry the UTC offset, so the repeated hour of a fall-back gives two rows", async () => {
    const zone = "America/New_York";
    // 2023-11-05: 01:00-02:00 happens twice in New York (EDT, then EST).
    const times = ["2023-11-05T04:10:00Z", "2023-11-05T05:30:00Z", "2023-11-05T06:30:00Z"].map(
      Date.parse,
    );
    const file = join(emptyDir(), "fall-back.jsonl");
    writeFileSync(
      file,
      times
        .map((timestamp) =>
          JSON.stringify({
            providerId: "openai",
            modelName: "gpt-4o",
            promptTokens: 1,
            completionTokens: 1,
            timestamp,
          }),
        )
        .join("\n"),
    );
    const result = await runCli(["summary", "--no-progress", "--tz", zone, "--by", "hour", file]);
    expect(result.code).toBe(0);
    const labels = times.map((t) => referenceLabel(t, zone));
    expect(new Set(labels).size).toBe(times.length);
    const rows = result.stdout.split("\n");
    for (const label of labels) {
      expect(
        rows.filter((r) => r.startsWith(`${label} `)),
        label,
      ).toHaveLength(1);
    }

    const utc = await runCli(["summary", "--no-progress", "--by", "hour", file]);
    const utcLabel = new Date(times[1] ?? 0).toISOString().slice(0, 13).replace("T", " ");
    expect(utc.stdout.split("\n").some((r) => new RegExp(`^${utcLabel}:00\\s+\\d`).test(r))).toBe(
      true,
    );
  });
});
