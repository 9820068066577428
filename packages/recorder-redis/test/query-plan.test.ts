import { describe, expect, it } from "vitest";
import { counterPlan } from "../src/query-plan.js";
import { query } from "./helpers.js";

const DAY = 86_400_000;

describe("which summaries read counters", () => {
  it.each([
    [{}],
    [{ groupBy: ["modelName"] }],
    [{ groupBy: ["day"] }],
    [{ groupBy: ["month", "modelName"] }],
    [{ filter: { since: 20_000 * DAY, until: 20_010 * DAY }, groupBy: ["week"] }],
    [{ groupBy: ["modelName"], timeZone: "Europe/Berlin" }],
  ])("counters answer %j", (q) => {
    expect(counterPlan(query(q as never))).not.toBeNull();
  });

  it.each([
    [{ filter: { userId: "u" } }],
    [{ filter: { modelName: "m" } }],
    [{ filter: { tags: { a: 1 } } }],
    [{ filter: { since: 20_000 * DAY + 1 } }],
    [{ groupBy: ["hour"] }],
    [{ groupBy: ["providerId"] }],
    [{ groupBy: ["tag:team"] }],
    [{ groupBy: ["day"], timeZone: "Europe/Berlin" }],
  ])("a scan answers %j", (q) => {
    expect(counterPlan(query(q as never))).toBeNull();
  });
});
