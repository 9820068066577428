import {
  Genie,
  normalizeQuery,
  type UsageQuery,
  type UsageRecordInput,
  validateUsageRecord,
} from "@genie/usage-core";
import { describe, expect } from "vitest";
import type { Harness } from "../harness.js";
import { BASE_TIME } from "../records.js";
import { ReferenceStore } from "../reference/reference-store.js";
import { contractView } from "../summary-shape.js";

const INPUTS: UsageRecordInput[] = Array.from({ length: 30 }, (_, i) => ({
  id: `facade-${i % 25}`,
  providerId: i % 2 === 0 ? "openai" : "anthropic",
  modelName: i % 3 === 0 ? "gpt-4o" : "claude",
  promptTokens: 10 * i,
  completionTokens: i,
  userId: i % 4 === 0 ? null : `u${i % 3}`,
  customTags: { team: i % 2 === 0 ? "a" : "b" },
  costUsd: i % 5 === 0 ? null : 0.1,
  timestamp: new Date(BASE_TIME + i * 3_600_000),
}));

export function describeFacade(h: Harness): void {
  describe("through Genie.create", () => {
    h.test("records, summarises and clears through genie.usage", async () => {
      const recorder = await h.fresh();
      const genie = await Genie.create({
        features: { tokenUsageRecorder: recorder },
        // Costs come from the records alone, so the reference can sum them.
        pricing: { catalog: false },
        env: {},
      });
      const reference = new ReferenceStore();
      reference.addAll(INPUTS.map((input) => validateUsageRecord(input)));
      try {
        await Promise.all(INPUTS.map((input) => genie.usage.recordUsage(input)));
        await expect(
          genie.usage.recordUsage({ providerId: "p", modelName: "m", promptTokens: 2 ** 53 }),
        ).rejects.toThrow(/promptTokens/);
        await expect(
          genie.usage.recordUsage({ providerId: "p", modelName: "m", completionTokens: -1 }),
        ).rejects.toThrow(/completionTokens/);
        await genie.usage.flush();

        const queries: UsageQuery[] = [
          {},
          { groupBy: ["userId", "tag:team"] },
          { filter: { since: new Date(BASE_TIME + 5 * 3_600_000), userId: ["u1", null] } },
          { groupBy: ["day"], timeZone: "Europe/Berlin" },
        ];
        for (const query of queries) {
          const summary = await genie.usage.getSummary(query);
          expect(contractView(summary)).toEqual(
            contractView(reference.summary(normalizeQuery(query))),
          );
        }
        const cleared = await genie.usage.clearRecords({ filter: { tags: { team: "a" } } });
        expect(cleared).toBe(reference.clear({ tags: { team: "a" } }));
        const after = await genie.usage.getSummary();
        expect(contractView(after)).toEqual(contractView(reference.summary(normalizeQuery({}))));
      } finally {
        h.markClosed(recorder);
        await genie.close();
      }
    });
  });
}
