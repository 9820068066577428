import { validateUsageRecord } from "@genie/usage-core";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisRecorder } from "../src/index.js";
import { deleteNamespace, query, targets, uniquePrefix } from "./helpers.js";

const ODD = ["a\nb", "a\tb", 'q"\\', "*?[x]{y}", "a:b", "😀\ud800", "\udc00"];

for (const target of targets()) {
  describe(`awkward strings on ${target.name}`, () => {
    const prefix = uniquePrefix(`strings-${target.name}`);
    const client = target.connect();

    afterAll(async () => {
      await deleteNamespace(client, prefix);
      await client.quit();
    });

    it("stores ids and names with newlines, tabs, quotes and lone surrogates once each", async () => {
      const recorder = createRedisRecorder({ client, prefix });
      const records = ODD.map((s, i) =>
        validateUsageRecord({
          id: s,
          providerId: "p",
          modelName: s,
          userId: s,
          promptTokens: i + 1,
          customTags: { [s]: s },
          timestamp: 1.77e12 + i,
        }),
      );
      await recorder.recordBatch([...records, ...records]);
      await recorder.recordBatch(records);
      const summary = await recorder.getSummary(query({}));
      expect(summary.totalRecords).toBe(ODD.length);
      expect(summary.totalPromptTokens).toBe((ODD.length * (ODD.length + 1)) / 2);
      const wellFormed = (s: string) => (s as string & { toWellFormed(): string }).toWellFormed();
      expect(Object.keys(summary.byModel).sort()).toEqual(ODD.map(wellFormed).sort());
      const listed = [];
      for await (const r of recorder.listRecords(undefined)) listed.push(r);
      expect(listed.map((r) => r.id)).toEqual(ODD.map(wellFormed));
      for (const s of ODD) {
        const filtered = await recorder.getSummary(
          query({ filter: { userId: s, tags: { [s]: s } } }),
        );
        expect(filtered.totalRecords).toBe(1);
      }
      expect(await recorder.clearRecords(query({ filter: { modelName: "a\nb" } }).filter)).toBe(1);
      await recorder.close();
    });
  });
}
