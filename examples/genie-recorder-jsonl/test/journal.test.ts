import { mkdtempSync } from "node:fs";
import { appendFile, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InvalidConfigError,
  normalizeQuery,
  RecorderClosedError,
  RecorderFailedError,
  validateUsageRecord,
} from "@genie/usage-core";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createJsonlRecorder } from "../src/index.js";

const folder = mkdtempSync(join(tmpdir(), "genie-jsonl-unit-"));
let files = 0;
const nextPath = (): string => join(folder, `unit-${++files}`, "usage.jsonl");

const records = [
  { modelName: "line\nbreak", promptTokens: 1 },
  { modelName: 'quote"d', promptTokens: 2, costUsd: 0.1 },
  { modelName: "🚀", promptTokens: 3, customTags: { team: "a:b" } },
].map((input, i) =>
  validateUsageRecord({ providerId: "p", timestamp: 1_700_000_000_000 + i, id: `r${i}`, ...input }),
);

const totalOf = async (path: string): Promise<number> => {
  const recorder = await createJsonlRecorder({ path, flushIntervalMs: 0 });
  const summary = await recorder.getSummary(normalizeQuery({}));
  await recorder.close();
  return summary.totalPromptTokens;
};

afterEach(() => vi.restoreAllMocks());
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("the JSON Lines file", () => {
  it("holds one line per record and per clear, in order, creating its folder", async () => {
    const path = nextPath();
    const recorder = await createJsonlRecorder({ path, flushIntervalMs: 0 });
    for (const record of records) await recorder.recordUsage(record);
    await recorder.clearRecords(normalizeQuery({ filter: { modelName: "🚀" } }).filter);
    await recorder.close();

    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l).op)).toEqual(["record", "record", "record", "clear"]);
    expect(JSON.parse(lines[0]!).record.modelName).toBe("line\nbreak");
    expect(await totalOf(path)).toBe(1 + 2);
  });

  it("cuts a torn last line off and keeps everything before it", async () => {
    const path = nextPath();
    const recorder = await createJsonlRecorder({ path, flushIntervalMs: 0 });
    for (const record of records) await recorder.recordUsage(record);
    await recorder.close();
    const torn = '{"v":1,"op":"record","rec';
    await appendFile(path, torn);
    const warn = vi.fn();

    const reopened = await createJsonlRecorder({ path, logger: { warn }, flushIntervalMs: 0 });
    await reopened.recordUsage(
      validateUsageRecord({ providerId: "p", modelName: "m", promptTokens: 10 }),
    );
    await reopened.close();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`${torn.length} bytes`));
    expect(await totalOf(path)).toBe(1 + 2 + 3 + 10);
  });

  it("refuses a corrupt line in the middle, naming the file and line", async () => {
    const path = nextPath();
    const recorder = await createJsonlRecorder({ path, flushIntervalMs: 0 });
    await recorder.recordUsage(records[0]!);
    await recorder.close();
    await writeFile(path, `not json\n${await readFile(path, "utf8")}`);

    const opening = createJsonlRecorder({ path });
    await expect(opening).rejects.toThrow(RecorderFailedError);
    await expect(opening).rejects.toThrow(/line 1/);
  });

  it("fsyncs its folder on open and the file on flush, only when there is news", async () => {
    const probe = await open(join(folder, "probe"), "w");
    const sync = vi.spyOn(Object.getPrototypeOf(probe), "sync");
    await probe.close();

    const recorder = await createJsonlRecorder({ path: nextPath(), flushIntervalMs: 0 });
    // Opening a new file syncs its folder, so the file's name is durable too.
    expect(sync).toHaveBeenCalledTimes(1);
    await recorder.recordUsage(records[0]!);
    await recorder.flush();
    await recorder.flush();
    expect(sync).toHaveBeenCalledTimes(2);
    await recorder.close();

    const unsynced = await createJsonlRecorder({ path: nextPath(), fsync: false });
    await unsynced.recordUsage(records[1]!);
    await unsynced.close();
    expect(sync).toHaveBeenCalledTimes(2);
  });
});

describe("the recorder's edges", () => {
  it("reports every bad option at once", async () => {
    const bad = { path: "", batchSize: 0, colour: "red" } as never;
    const error = await createJsonlRecorder(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).problems).toHaveLength(3);
  });

  it("rejects records after close()", async () => {
    const recorder = await createJsonlRecorder({ path: nextPath() });
    await recorder.close();
    await expect(recorder.recordUsage(records[0]!)).rejects.toThrow(RecorderClosedError);
  });

  it("lists records oldest first, filtered", async () => {
    const recorder = await createJsonlRecorder({ path: nextPath() });
    for (const record of [...records].reverse()) await recorder.recordUsage(record);
    const listed = [];
    for await (const record of recorder.listRecords(normalizeQuery({}).filter))
      listed.push(record.id);
    await recorder.close();
    expect(listed).toEqual(["r0", "r1", "r2"]);
  });
});
