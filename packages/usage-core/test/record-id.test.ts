import { describe, expect, it } from "vitest";
import { generateRecordId, validateUsageRecord } from "../src/index.js";

describe("generated record ids", () => {
  it("are one process prefix and the counter in base 36, across digit boundaries", () => {
    const first = generateRecordId();
    const prefix = first.slice(0, first.lastIndexOf(".") + 1);
    const start = Number.parseInt(first.slice(prefix.length), 36);
    for (let n = start + 1; n < start + 50_000; n++) {
      const id = generateRecordId();
      if (id !== prefix + n.toString(36)) expect(id).toBe(prefix + n.toString(36));
    }
    expect(new Set(Array.from({ length: 3000 }, generateRecordId)).size).toBe(3000);
  });

  it("stamp a record without a timestamp with the clock at validation", () => {
    const before = Date.now();
    const record = validateUsageRecord({ providerId: "p", modelName: "m" });
    expect(record.timestamp).toBeGreaterThanOrEqual(before);
    expect(record.timestamp).toBeLessThanOrEqual(Date.now());
    expect(validateUsageRecord({ providerId: "p", modelName: "m" }, 2e12).timestamp).toBe(2e12);
    expect(record.idSource).toBe("generated");
  });
});
