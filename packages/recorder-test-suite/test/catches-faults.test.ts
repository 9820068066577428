import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { startVitest } from "vitest/node";

/**
 * Runs the suite, in an inner vitest, against recorders that each carry one
 * planted fault (test/fixtures), and asserts that the group meant to catch that
 * fault fails. The inner failures are data here, not failures of this run.
 */

const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));

const FAULTS = [
  { fixture: "lost-increment", group: "concurrency" },
  {
    fixture: "colliding-keys",
    group: "awkward identifiers never collide and never match as patterns",
  },
  { fixture: "inclusive-until", group: "filters" },
  { fixture: "shifted-day-boundary", group: "time buckets" },
  { fixture: "drop-on-close", group: "persistence across close()" },
] as const;

const TOTALS = "totals and byModel";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** fixture -> group -> failed test names (a group with no failures maps to []). */
type Outcomes = Map<string, Map<string, string[]>>;

async function runFixtures(): Promise<Outcomes> {
  const exitCode = process.exitCode;
  const vitest = await startVitest("test", [], {
    root: PACKAGE_ROOT,
    config: false,
    include: ["test/fixtures/*.fixture.ts"],
    watch: false,
    // Only the groups asserted on below; the rest would just take time.
    testNamePattern: [TOTALS, ...FAULTS.map((f) => f.group)].map(escapeRegExp).join("|"),
    reporters: [{}],
    testTimeout: 60_000,
  });
  const outcomes: Outcomes = new Map();
  try {
    for (const module of vitest.state.getTestModules()) {
      const fixture = module.moduleId.replace(/^.*\//, "").replace(".fixture.ts", "");
      const groups = new Map<string, string[]>();
      for (const test of module.children.allTests()) {
        const group = test.parent.type === "suite" ? test.parent.name : "";
        const failed = groups.get(group) ?? [];
        if (test.result().state === "failed") failed.push(test.name);
        groups.set(group, failed);
      }
      outcomes.set(fixture, groups);
    }
  } finally {
    await vitest.close();
    // The inner run marks the process failed; its failures are expected here.
    process.exitCode = exitCode;
  }

  return outcomes;
}

describe("the suite catches planted faults", () => {
  let outcomes: Outcomes;

  beforeAll(async () => {
    outcomes = await runFixtures();
  }, 600_000);

  for (const { fixture, group } of FAULTS) {
    it(`${fixture}: the "${group}" group fails`, () => {
      const groups = outcomes.get(fixture);
      expect(groups, `no results for ${fixture}`).toBeDefined();
      expect(groups?.has(group), `no "${group}" group ran for ${fixture}`).toBe(true);
      expect(groups?.get(group)?.length).toBeGreaterThan(0);
    });
  }

  it("each fault leaves the totals group passing: the faults are targeted", () => {
    for (const { fixture } of FAULTS) {
      expect(outcomes.get(fixture)?.get(TOTALS), fixture).toEqual([]);
    }
  });
});
