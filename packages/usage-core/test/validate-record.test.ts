import { describe, expect, it } from "vitest";
import { InvalidUsageRecordError, validateUsageRecord } from "../src/index.js";

const base = { providerId: "openai", modelName: "gpt-4o", timestamp: 1_700_000_000_000 };

describe("validateUsageRecord", () => {
  it("fills a missing total with the sum of the known parts", () => {
    const record = validateUsageRecord({ ...base, promptTokens: 10, completionTokens: 5 });
    expect(record.totalTokens).toBe(15);
  });
});
