import { type UsageRecordInput, validateUsageRecord } from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import {
  decodeRecord,
  encodeMembers,
  encodeRecord,
  TIME_DIGITS,
  timeKey,
  timestampOf,
} from "../src/encode-record.js";
import { makeRecords } from "./helpers.js";

const base: UsageRecordInput = { providerId: "openai", modelName: "gpt-4o", id: "x" };

describe("record encoding", () => {
  it("round-trips every field", () => {
    for (const record of makeRecords(200, 3)) {
      expect(decodeRecord(encodeRecord(record))).toEqual(record);
    }
  });

  it("writes the documented JSON layout", () => {
    for (const r of makeRecords(100, 4)) {
      const layout = [
        r.timestamp,
        r.id,
        r.idSource === "caller" ? 1 : 0,
        r.providerId,
        r.modelName,
        r.callType,
        r.userId,
        r.sessionId,
        r.promptTokens,
        r.completionTokens,
        r.totalTokens,
        r.cachedPromptTokens,
        r.cacheWriteTokens,
        r.reasoningTokens,
        r.costUsd === null ? null : Math.round(r.costUsd * 1e9),
        r.costUsd,
        r.customTags,
      ];
      expect(encodeRecord(r)).toBe(timeKey(r.timestamp) + JSON.stringify(layout));
    }
  });

  it("joins a batch's members by newlines, re-encoding a batch with a lone surrogate", () => {
    const records = makeRecords(50, 5);
    expect(encodeMembers(records).split("\n")).toEqual(records.map(encodeRecord));
    const odd = validateUsageRecord({ ...base, userId: "line\nbreak\ud800" });
    const mixed = [...records.slice(0, 3), odd];
    const members = encodeMembers(mixed).split("\n");
    expect(members).toHaveLength(4);
    expect(decodeRecord(members[3]!).userId).toBe("line\nbreak\ufffd");
  });

  it("keeps a generated id's source", () => {
    const record = validateUsageRecord({ providerId: "p", modelName: "m" });
    expect(decodeRecord(encodeRecord(record)).idSource).toBe("generated");
  });

  it("orders members by time, fractions included", () => {
    const times = [1e11, 1.7e12 + 0.25, 1.7e12, 1.7e12 + 1, 8.64e15, 999_999_999_999];
    const members = times.map((timestamp) =>
      encodeRecord(validateUsageRecord({ ...base, timestamp })),
    );
    const byBytes = [...members].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(byBytes.map(timestampOf)).toEqual([...times].sort((a, b) => a - b));
  });

  it("pads the time prefix to a fixed width", () => {
    expect(timeKey(1.7e12 + 0.9)).toBe("0001700000000000");
    expect(timeKey(8.64e15)).toHaveLength(TIME_DIGITS);
  });

  it("replaces lone surrogates, which the server's JSON decoder rejects", () => {
    const record = validateUsageRecord({
      ...base,
      modelName: "m\ud800",
      customTags: { "k\udc00": "v" },
    });
    const decoded = decodeRecord(encodeRecord(record));
    expect(decoded.modelName).toBe("m\ufffd");
    expect(decoded.customTags).toEqual({ "k\ufffd": "v" });
  });

  it("keeps characters that are special to keys or patterns", () => {
    const odd = 'a:b*?[]{x}"\\\n\t😀';
    const record = validateUsageRecord({ ...base, modelName: odd, userId: odd });
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });
});
