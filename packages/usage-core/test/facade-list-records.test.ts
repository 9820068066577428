import { describe, expect, it } from "vitest";
import {
  Genie,
  InvalidQueryError,
  matchesFilter,
  type NormalizedFilter,
  RecorderFailedError,
  UnknownFilterKeyError,
  type UsageRecord,
} from "../src/index.js";
import { ArrayRecorder } from "./helpers/array-recorder.js";

/** An ArrayRecorder that can also list its records. */
class ListingRecorder extends ArrayRecorder {
  failAfter: number | undefined;

  async *listRecords(filter: NormalizedFilter | undefined): AsyncIterable<UsageRecord> {
    let given = 0;
    for (const record of this.records) {
      if (this.failAfter !== undefined && given >= this.failAfter) throw new Error("cursor lost");
      if (!filter || matchesFilter(record, filter)) {
        given += 1;
        yield record;
      }
    }
  }
}

async function collect(records: AsyncIterable<UsageRecord>): Promise<UsageRecord[]> {
  const out: UsageRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

const base = { providerId: "openai", promptTokens: 1, completionTokens: 1 };

describe("genie.usage.listRecords", () => {
  it("yields the matching records of the first recorder, or the one named", async () => {
    const first = new ListingRecorder();
    const second = new ListingRecorder();
    const genie = await Genie.create({
      features: { tokenUsageRecorder: [first, second] },
      env: {},
    });
    await genie.usage.recordUsage({ ...base, modelName: "a", timestamp: 1_700_000_000_000 });
    await genie.usage.recordUsage({ ...base, modelName: "b", timestamp: 1_700_000_001_000 });
    await genie.usage.recordUsage({ ...base, modelName: "a", timestamp: 1_700_000_002_000 });

    const all = await collect(genie.usage.listRecords());
    expect(all.map((r) => r.modelName)).toEqual(["a", "b", "a"]);
    const onlyA = await collect(genie.usage.listRecords({ filter: { modelName: "a" } }));
    expect(onlyA.map((r) => r.timestamp)).toEqual([1_700_000_000_000, 1_700_000_002_000]);
    const [secondId] = genie.usage.recorderIds.slice(1);
    const fromSecond = await collect(genie.usage.listRecords({ recorderId: secondId! }));
    expect(fromSecond).toHaveLength(3);
  });

  it("validates the filter before reading", async () => {
    const genie = await Genie.create({ features: { tokenUsageRecorder: new ListingRecorder() } });
    const filter = { colour: "red" } as never;
    await expect(collect(genie.usage.listRecords({ filter }))).rejects.toBeInstanceOf(
      UnknownFilterKeyError,
    );
  });

  it("says so when the recorder cannot list records", async () => {
    const genie = await Genie.create({ features: { tokenUsageRecorder: new ArrayRecorder() } });
    await expect(collect(genie.usage.listRecords())).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it("wraps a failure mid-stream in RecorderFailedError naming the recorder", async () => {
    const recorder = new ListingRecorder();
    const genie = await Genie.create({ features: { tokenUsageRecorder: recorder } });
    await genie.usage.recordBatch([
      { ...base, modelName: "a", timestamp: 1_700_000_000_000 },
      { ...base, modelName: "a", timestamp: 1_700_000_001_000 },
    ]);
    recorder.failAfter = 1;
    const error = await collect(genie.usage.listRecords()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecorderFailedError);
    expect((error as Error).message).toContain("cursor lost");
  });
});
