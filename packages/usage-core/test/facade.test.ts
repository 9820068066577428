import { describe, expect, it } from "vitest";
import {
  defineRecorderPlugin,
  Genie,
  InvalidUsageRecordError,
  RecorderClosedError,
  RecorderFailedError,
  RecordersFailedError,
  UnknownFilterKeyError,
  type UsageRecordInput,
} from "../src/index.js";
import { ArrayRecorder } from "./helpers/array-recorder.js";

const record = (over: Partial<UsageRecordInput> = {}): UsageRecordInput => ({
  providerId: "openai",
  modelName: "gpt-4o",
  promptTokens: 60,
  completionTokens: 40,
  timestamp: 1_700_000_000_000,
  ...over,
});

async function genieWith(...recorders: ArrayRecorder[]): Promise<Genie> {
  return Genie.create({ features: { tokenUsageRecorder: recorders }, env: {} });
}

describe("genie.usage fan-out", () => {
  it("hands each record to every recorder", async () => {
    const a = new ArrayRecorder();
    const b = new ArrayRecorder();
    const genie = await genieWith(a, b);
    await genie.usage.recordUsage(record({ userId: "u1" }));
    expect(a.records).toHaveLength(1);
    expect(b.records).toHaveLength(1);
    expect(a.records[0]).toBe(b.records[0]);
    expect(a.records[0]?.totalTokens).toBe(100);
    expect(genie.usage.recorderIds).toEqual(["recorder0", "recorder1"]);
  });

  it("one failing recorder does not stop the other, and its error names it", async () => {
    const good = new ArrayRecorder();
    const bad = new ArrayRecorder();
    bad.failWith = new Error("disk full");
    const genie = await genieWith(good, bad);

    const error = await genie.usage.recordUsage(record()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecorderFailedError);
    expect((error as RecorderFailedError).recorderId).toBe("recorder1");
    expect((error as Error).message).toContain("disk full");
    expect((error as Error).cause).toBe(bad.failWith);
    expect(good.records).toHaveLength(1);

    const stats = genie.usage.stats();
    expect(stats.recorders.recorder0).toMatchObject({ accepted: 1, stored: 1, failed: 0 });
    expect(stats.recorders.recorder1).toMatchObject({ accepted: 1, stored: 0, failed: 1 });
    expect(stats).toMatchObject({ accepted: 2, stored: 1, failed: 1 });
  });

  it("two failing recorders reject with both errors", async () => {
    const a = new ArrayRecorder();
    const b = new ArrayRecorder();
    a.failWith = new Error("a down");
    b.failWith = new Error("b down");
    const genie = await genieWith(a, b);
    const error = (await genie.usage
      .recordUsage(record())
      .catch((e: unknown) => e)) as RecordersFailedError;
    expect(error).toBeInstanceOf(RecordersFailedError);
    expect(error.errors.map((e) => e.recorderId)).toEqual(["recorder0", "recorder1"]);
  });

  it("rejects a bad record before any recorder sees it", async () => {
    const a = new ArrayRecorder();
    const genie = await genieWith(a);
    await expect(genie.usage.recordUsage(record({ promptTokens: -1 }))).rejects.toBeInstanceOf(
      InvalidUsageRecordError,
    );
    expect(a.records).toHaveLength(0);
  });

  it("validates a whole batch before writing any of it", async () => {
    const a = new ArrayRecorder();
    const genie = await genieWith(a);
    await expect(
      genie.usage.recordBatch([record(), record({ modelName: "" })]),
    ).rejects.toBeInstanceOf(InvalidUsageRecordError);
    expect(a.records).toHaveLength(0);
    await genie.usage.recordBatch([record(), record()]);
    expect(a.records).toHaveLength(2);
  });

  it("summarises the first recorder, a named one, or each", async () => {
    const a = new ArrayRecorder();
    const b = new ArrayRecorder();
    const genie = await genieWith(a, b);
    await genie.usage.recordUsage(record());
    b.records.push(...b.records);
    expect((await genie.usage.getSummary()).totalRecords).toBe(1);
    expect((await genie.usage.getSummary({ recorderId: "recorder1" })).totalRecords).toBe(2);
    const all = await genie.usage.getSummaries();
    expect(Object.keys(all)).toEqual(["recorder0", "recorder1"]);
    await expect(genie.usage.getSummary({ recorderId: "nope" })).rejects.toThrow(
      /recorder0, recorder1/,
    );
  });

  it("clears with a filter in every recorder and resolves to the count", async () => {
    const a = new ArrayRecorder();
    const b = new ArrayRecorder();
    const genie = await genieWith(a, b);
    await genie.usage.recordUsage(record({ userId: "u1" }));
    await genie.usage.recordUsage(record({ userId: "u2" }));
    await genie.usage.recordUsage(record({ userId: null }));
    expect(await genie.usage.clearRecords({ filter: { userId: null } })).toBe(1);
    expect(a.records.map((r) => r.userId)).toEqual(["u1", "u2"]);
    expect(b.records.map((r) => r.userId)).toEqual(["u1", "u2"]);
    expect(await genie.usage.clearRecords({ recorderId: "recorder1" })).toBe(2);
    expect(a.records).toHaveLength(2);
    expect(b.records).toHaveLength(0);
  });

  it("flushes and closes every recorder, then refuses new records", async () => {
    const a = new ArrayRecorder();
    const b = new ArrayRecorder();
    const genie = await genieWith(a, b);
    await genie.usage.flush();
    expect([a.flushes, b.flushes]).toEqual([1, 1]);
    await genie.close();
    expect([a.closed, b.closed]).toEqual([true, true]);
    await expect(genie.usage.recordUsage(record())).rejects.toBeInstanceOf(RecorderClosedError);
  });

  it("'none' records nothing and summarises to zeros", async () => {
    const genie = await Genie.create({ features: { tokenUsageRecorder: "none" }, env: {} });
    await genie.usage.recordUsage(record());
    const summary = await genie.usage.getSummary({ groupBy: ["day"] });
    expect(summary.totalRecords).toBe(0);
    expect(summary.byModel).toEqual({});
    expect(summary.groups).toEqual([]);
  });

  it("passes configured options to a plugin object, keyed by its name", async () => {
    const seen: unknown[] = [];
    const plugin = defineRecorderPlugin<{ path: string }>({
      name: "custom",
      create(options, context) {
        seen.push(options, context.recorderId);
        return new ArrayRecorder();
      },
    });
    const genie = await Genie.create({
      features: { tokenUsageRecorder: [plugin, new ArrayRecorder()] },
      tokenUsageRecorderConfigurations: { custom: { path: "/tmp/x" } },
      env: {},
    });
    expect(seen).toEqual([{ path: "/tmp/x" }, "custom"]);
    expect(genie.usage.recorderIds).toEqual(["custom", "recorder1"]);
  });

  it("never clears everything by mistake: bad keys, or a filter given as undefined or null", async () => {
    const a = new ArrayRecorder();
    const genie = await genieWith(a);
    await genie.usage.recordUsage(record({ userId: "u1" }));
    await genie.usage.recordUsage(record({ userId: "u2" }));
    await expect(genie.usage.clearRecords({ filters: { userId: "u1" } } as never)).rejects.toThrow(
      /filters/,
    );
    await expect(genie.usage.clearRecords({ filter: undefined })).rejects.toBeInstanceOf(
      UnknownFilterKeyError,
    );
    await expect(genie.usage.clearRecords({ filter: null } as never)).rejects.toBeInstanceOf(
      UnknownFilterKeyError,
    );
    await expect(genie.usage.clearRecords({ filter: { since: 1_700_000_000 } })).rejects.toThrow(
      /seconds/,
    );
    expect(a.records).toHaveLength(2);
    expect(await genie.usage.clearRecords({})).toBe(2);
  });
});
