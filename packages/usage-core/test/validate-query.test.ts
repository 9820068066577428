import { describe, expect, it } from "vitest";
import {
  InvalidQueryError,
  normalizeFilter,
  normalizeQuery,
  UnknownFilterKeyError,
  type UsageFilter,
} from "../src/index.js";

describe("normalizeFilter", () => {
  it("turns single values, null and arrays into lists", () => {
    expect(normalizeFilter({ userId: "u1", sessionId: null, modelName: ["a", "b", "a"] })).toEqual({
      userId: ["u1"],
      sessionId: [null],
      modelName: ["a", "b"],
    });
  });

  it("turns Date bounds into milliseconds", () => {
    expect(
      normalizeFilter({ since: new Date(1_700_000_000_000), until: 1_700_000_001_000 }),
    ).toEqual({
      since: 1_700_000_000_000,
      until: 1_700_000_001_000,
    });
    expect(normalizeFilter({ since: 0 })).toEqual({ since: 0 });
  });

  it("rejects a key outside the contract, naming it", () => {
    const bad = { user_id: "u1" } as unknown as UsageFilter;
    expect(() => normalizeFilter(bad)).toThrow(UnknownFilterKeyError);
    expect(() => normalizeFilter(bad)).toThrow(/user_id/);
  });

  it("rejects a key whose value is undefined, so a missing variable never widens the filter", () => {
    const userId: string | undefined = undefined;
    expect(() => normalizeFilter({ userId } as UsageFilter)).toThrow(UnknownFilterKeyError);
    expect(() => normalizeFilter({ userId } as UsageFilter)).toThrow(/null/);
  });

  it("rejects values of the wrong type and since after until", () => {
    expect(() => normalizeFilter({ userId: 3 } as unknown as UsageFilter)).toThrow(
      InvalidQueryError,
    );
    expect(() => normalizeFilter({ since: Number.NaN })).toThrow(InvalidQueryError);
    expect(() => normalizeFilter({ since: 10, until: 5 })).toThrow(InvalidQueryError);
    expect(() => normalizeFilter({ tags: { a: { b: 1 } } } as unknown as UsageFilter)).toThrow(
      InvalidQueryError,
    );
  });
});

describe("normalizeQuery", () => {
  it("parses every groupBy kind", () => {
    const query = normalizeQuery({
      groupBy: ["modelName", "tag:team", "week"],
      timeZone: "Europe/Berlin",
    });
    expect(query.groupBy).toEqual([
      { kind: "dimension", key: "modelName", name: "modelName" },
      { kind: "tag", tag: "team", name: "tag:team" },
      { kind: "time", bucket: "week", name: "week" },
    ]);
    expect(query.timeZone).toBe("Europe/Berlin");
  });

  it("defaults to no filter, no groups, UTC", () => {
    expect(normalizeQuery(undefined)).toEqual({ filter: {}, groupBy: [], timeZone: "UTC" });
  });

  it.each([
    [{ groupBy: ["minute"] }, /minute/],
    [{ groupBy: ["day", "hour"] }, /one time bucket/],
    [{ groupBy: ["userId", "userId"] }, /twice/],
    [{ groupBy: ["tag:"] }, /tag:/],
    [{ timeZone: "Mars/Olympus" }, /Mars\/Olympus/],
    [{ filters: {} }, /filters/],
  ])("rejects %j", (query, message) => {
    expect(() => normalizeQuery(query as never)).toThrow(message);
  });
});

describe("filters that would silently widen", () => {
  it("rejects since/until in seconds or negative", () => {
    expect(() => normalizeFilter({ since: 1_700_000_000 })).toThrow(/seconds/);
    expect(() => normalizeFilter({ until: -5 })).toThrow(InvalidQueryError);
  });

  it("rejects a class instance, whose getters Object.keys would skip", () => {
    class ByUser {
      get userId(): string {
        return "u1";
      }
    }
    expect(() => normalizeFilter(new ByUser() as UsageFilter)).toThrow(/plain object/);
    expect(() => normalizeFilter(Object.create({ userId: "u1" }))).toThrow(/plain object/);
  });

  it("honours a non-enumerable key instead of dropping it", () => {
    const filter = Object.defineProperty({}, "userId", { value: "u1", enumerable: false });
    expect(normalizeFilter(filter)).toEqual({ userId: ["u1"] });
  });

  it("reports a BigInt with a typed error", () => {
    expect(() => normalizeFilter({ userId: 5n } as unknown as UsageFilter)).toThrow(
      InvalidQueryError,
    );
    expect(() => normalizeQuery({ groupBy: [5n] } as never)).toThrow(InvalidQueryError);
  });
});
