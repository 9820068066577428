import { describe, expect, it } from "vitest";
import { accumulate, buildSummary, createAccumulator, validateUsageRecord } from "../src/index.js";

describe("buildSummary", () => {
  it("keeps a model named __proto__ as an own key of byModel", () => {
    const record = validateUsageRecord({
      providerId: "p",
      modelName: "__proto__",
      promptTokens: 3,
      timestamp: 1_700_000_000_000,
    });
    const acc = createAccumulator();
    accumulate(acc, record);
    const summary = buildSummary(acc, new Map([["__proto__", acc]]));

    expect(Object.keys(summary.byModel)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(summary.byModel)).toBe(Object.prototype);
  });
});
