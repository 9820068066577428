import { describe, expect, it } from "vitest";
import {
  GENERATED_ID_PREFIX,
  generateRecordId,
  lastGeneratedIdCounter,
  validateUsageRecord,
} from "../src/index.js";

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

describe("the last generated id", () => {
  it("gives its counter, and -1 for any other id", () => {
    const first = generateRecordId();
    const second = generateRecordId();
    expect(second.startsWith(GENERATED_ID_PREFIX)).toBe(true);
    expect(lastGeneratedIdCounter(second)).toBe(
      Number.parseInt(second.slice(GENERATED_ID_PREFIX.length), 36),
    );
    expect(lastGeneratedIdCounter(first)).toBe(-1);
    expect(lastGeneratedIdCounter(`${second}0`)).toBe(-1);
    expect(lastGeneratedIdCounter("call-1")).toBe(-1);
  });
});

describe("blank required identifiers", () => {
  it("are refused whatever the whitespace, and a visible first character is enough", () => {
    for (const modelName of [" ", "\t\n", "\u00a0", "\u2003\u3000", "\ufeff"]) {
      expect(() => validateUsageRecord({ providerId: "p", modelName })).toThrow(/blank/);
    }
    for (const modelName of ["m", "m ", " m", "\u00a0m", "é"]) {
      expect(validateUsageRecord({ providerId: "p", modelName }).modelName).toBe(modelName);
    }
  });
});
