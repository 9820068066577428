import {
  InvalidConfigError,
  InvalidQueryError,
  type NormalizedQuery,
  normalizeFilter,
  normalizeQuery,
  type UsageQuery,
} from "@genie/usage-core";
import { describe, expect, it } from "vitest";
import { buildClearSql } from "../src/clear-sql.js";
import { filterSql, SqlParams } from "../src/filter-sql.js";
import { resolveTableNames } from "../src/identifiers.js";
import { buildInsertSql, costText, insertParams, uniqueById } from "../src/insert-sql.js";
import { resolveOptions } from "../src/options.js";
import { canUseRollup } from "../src/rollup-query.js";
import { buildSummarySql } from "../src/summary-sql.js";
import { record } from "./helpers.js";

const names = resolveTableNames("usage", "records");
const plan = (query: UsageQuery) => buildSummarySql(names, normalizeQuery(query));

describe("identifiers", () => {
  it("quotes valid names and rejects everything else at once", () => {
    expect(names.records).toBe('"usage"."records"');
    expect(names.rollup).toBe('"usage"."records_daily"');
    expect(() => resolveTableNames("bad-schema", 'x"; DROP TABLE y; --')).toThrow(
      InvalidConfigError,
    );
    try {
      resolveTableNames("1abc", "t".repeat(49));
    } catch (error) {
      expect((error as InvalidConfigError).problems).toHaveLength(2);
    }
  });
});

describe("filterSql", () => {
  it("sends every value as a parameter", () => {
    const params = new SqlParams();
    const filter = normalizeFilter({
      userId: "o'brien",
      sessionId: [null, "a", "b"],
      tags: { team: "x" },
      since: 1_700_000_000_000,
      until: new Date(1_700_000_100_000),
    });
    const sql = filterSql(filter, params);
    expect(sql).not.toContain("o'brien");
    expect(sql).toContain("user_id = $1");
    expect(sql).toContain("(session_id = ANY($2::text[]) OR session_id IS NULL)");
    expect(sql).toContain("custom_tags @> $3::jsonb");
    expect(params.values).toEqual([
      "o'brien",
      ["a", "b"],
      '{"team":"x"}',
      1_700_000_000_000,
      1_700_000_100_000,
    ]);
  });

  it("matches nothing for an empty list and everything for no filter", () => {
    expect(filterSql(normalizeFilter({ modelName: [] }), new SqlParams())).toBe("false");
    expect(filterSql(normalizeFilter({}), new SqlParams())).toBe("true");
    expect(filterSql(undefined, new SqlParams())).toBe("true");
  });
});

describe("buildSummarySql", () => {
  it("uses the rollups only where they are exact", () => {
    const day = 86_400_000 * 20_000;
    const rollup: UsageQuery[] = [
      {},
      { groupBy: ["modelName"] },
      { groupBy: ["day"] },
      { groupBy: ["month", "modelName"] },
      { filter: { modelName: "m", since: day, until: day + 86_400_000 } },
    ];
    const records: UsageQuery[] = [
      { filter: { userId: "u" } },
      { groupBy: ["hour"] },
      { groupBy: ["day"], timeZone: "Europe/Berlin" },
      { filter: { since: day + 1 } },
      { groupBy: ["tag:team"] },
    ];
    for (const q of rollup) expect(canUseRollup(normalizeQuery(q)), JSON.stringify(q)).toBe(true);
    for (const q of records) expect(plan(q).source, JSON.stringify(q)).toBe("records");
  });

  it("tells the grouping sets apart by GROUPING() masks", () => {
    const p = plan({ groupBy: ["userId", "tag:team"] });
    expect(p.sql).toContain("GROUPING(model_name, user_id, (custom_tags -> $1)) AS mask");
    expect(p.sql).toContain("GROUPING SETS ((model_name), (user_id, (custom_tags -> $1)))");
    expect(p.masks).toEqual({ byModel: 0b011, groups: 0b100 });
    expect(p.keyColumns).toEqual(["k1", "k2"]);
    expect(p.params).toEqual(["team"]);
  });

  it("names the model set once when the groups are by model", () => {
    const p = plan({ groupBy: ["modelName"] });
    expect(p.sql).toContain("GROUPING SETS ((model_name))");
    expect(p.masks.groups).toBe(p.masks.byModel);
  });

  it("passes the time zone as a parameter", () => {
    const p = plan({ groupBy: ["hour"], timeZone: "America/New_York" });
    expect(p.params).toEqual(["America/New_York"]);
    expect(p.sql).not.toContain("New_York");
  });
});

describe("inserts", () => {
  const base = { providerId: "p", modelName: "m", timestamp: 1_700_000_000_000 };

  it("writes cost as exact nano-dollars", () => {
    expect(costText(0.1 + 0.2)).toBe("0.300000000");
    expect(costText(12.000000001)).toBe("12.000000001");
    expect(costText(0)).toBe("0.000000000");
    expect(costText(null)).toBeNull();
  });

  it("keeps the first of repeated ids and sorts by id", () => {
    const a = record({ ...base, id: "b", promptTokens: 1 });
    const b = record({ ...base, id: "a", promptTokens: 2 });
    const c = record({ ...base, id: "b", promptTokens: 3 });
    expect(uniqueById([a, b, c]).map((r) => [r.id, r.promptTokens])).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });

  it("builds one array per column", () => {
    const r = record({ ...base, id: "x", customTags: { t: true }, costUsd: 1.5 });
    const params = insertParams([r]);
    expect(params).toHaveLength(15);
    expect(params[0]).toEqual(["x"]);
    expect(params[13]).toEqual(['{"t":true}']);
    expect(params[14]).toEqual(["1.500000000"]);
    expect(buildInsertSql(names, false)).toContain("ON CONFLICT (id) DO NOTHING");
    expect(buildInsertSql(names, true)).toContain('INSERT INTO "usage"."records_ids"');
  });
});

describe("clear and options", () => {
  it("deletes with the filter's predicate", () => {
    const p = buildClearSql(names, normalizeFilter({ userId: "u" }), false);
    expect(p.sql).toContain('DELETE FROM "usage"."records" WHERE user_id = $1');
    expect(p.params).toEqual(["u"]);
  });

  it("reports every bad option at once", () => {
    try {
      resolveOptions({ schema: "a b", batchSize: 0, overflow: "x" as never });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidConfigError).problems).toHaveLength(4);
    }
  });

  it("reports unknown option keys with the other problems", () => {
    try {
      resolveOptions({
        connectionString: "postgres://x",
        flushTimeout: 10,
        batchsize: 5,
        poolSize: 0,
      } as never);
      expect.unreachable();
    } catch (error) {
      const { problems } = error as InvalidConfigError;
      expect(problems).toHaveLength(3);
      expect(problems.join("\n")).toContain("postgres.flushTimeout is not an option");
      expect(problems.join("\n")).toContain("postgres.batchsize is not an option");
    }
  });
});

describe("buildSummarySql with a forged query", () => {
  it("puts no time bucket into SQL that is not one of core's", () => {
    const query = {
      filter: {},
      groupBy: [
        { kind: "time", bucket: "day', ts) AS x, pg_sleep(1), date_trunc('day", name: "day" },
      ],
      timeZone: "UTC",
    } as unknown as NormalizedQuery;
    expect(() => buildSummarySql(names, query)).toThrow(InvalidQueryError);
    const hours = { ...query, timeZone: "Asia/Tokyo" } as NormalizedQuery;
    expect(() => buildSummarySql(names, hours)).toThrow(InvalidQueryError);
  });
});
