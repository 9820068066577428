import { describe, expect, it } from "vitest";
import { currentUsageContext, InvalidUsageRecordError, withUsageContext } from "../src/index.js";
import { BAD_ATTRIBUTION } from "./helpers/bad-attribution.js";

describe("withUsageContext", () => {
  it("is empty outside any scope", () => {
    expect(currentUsageContext()).toEqual({});
  });

  it("follows async work and nests, inner fields winning and tags merging", async () => {
    const seen = await withUsageContext({ userId: "u1", tags: { a: 1, b: 1 } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return withUsageContext({ sessionId: "s1", tags: { b: 2 } }, async () => {
        await Promise.resolve();
        return currentUsageContext();
      });
    });
    expect(seen).toEqual({ userId: "u1", sessionId: "s1", tags: { a: 1, b: 2 } });
    expect(currentUsageContext()).toEqual({});
  });

  it("keeps concurrent scopes apart", async () => {
    const read = (userId: string, delay: number) =>
      withUsageContext({ userId }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return currentUsageContext().userId;
      });
    expect(await Promise.all([read("a", 5), read("b", 1), read("c", 3)])).toEqual(["a", "b", "c"]);
  });

  it("an explicit null clears an outer value", () => {
    const inner = withUsageContext({ userId: "u1" }, () =>
      withUsageContext({ userId: null }, () => currentUsageContext()),
    );
    expect(inner.userId).toBeNull();
  });

  it.each(BAD_ATTRIBUTION)("rejects %s before running the scope", (_, context, field) => {
    let hasRun = false;
    const run = () =>
      withUsageContext(context as never, () => {
        hasRun = true;
      });

    expect(run).toThrow(InvalidUsageRecordError);
    expect(run).toThrow(expect.objectContaining({ field: `withUsageContext.${field}` }));
    expect(hasRun).toBe(false);
  });

  it("keeps a copy of the tags: changing the caller's object later changes nothing", () => {
    const tags: Record<string, string> = { team: "a" };
    const seen = withUsageContext({ tags }, () => {
      tags.team = "b";
      return currentUsageContext().tags;
    });
    expect(seen).toEqual({ team: "a" });
  });
});
