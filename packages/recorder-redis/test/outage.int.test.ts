import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FlushIncompleteError,
  type Logger,
  RecorderClosedError,
  type UsageRecord,
} from "@genie/usage-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisRecorder } from "../src/index.js";
import { makeRecords, query } from "./helpers.js";
import { ownRedisServer } from "./own-server.js";
import { findFreePorts, type RedisProcess, startRedisServer } from "./setup/redis-process.js";

// A server of this file's own, so stopping it never disturbs anyone else's tests.
const PORT_CANDIDATES = [7391, 7393, 7395, 7397, 7399, 7401, 7403];
const CLOSE_PORT_CANDIDATES = [7451, 7453, 7455, 7457, 7459];
// Every acknowledged write is on disk before the reply, so a killed server loses none.
const DURABLE = ["--appendonly", "yes", "--appendfsync", "always"];

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);

  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

function sums(records: readonly UsageRecord[]): Record<string, number> {
  const add = (f: (r: UsageRecord) => number | null) =>
    records.reduce((n, r) => n + (f(r) ?? 0), 0);

  return {
    totalRecords: records.length,
    totalPromptTokens: add((r) => r.promptTokens),
    totalCompletionTokens: add((r) => r.completionTokens),
    totalTokensOverall: add((r) => r.totalTokens),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("redis recorder through a server outage", () => {
  let root: string;
  let port: number;
  let server: RedisProcess;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "genie-redis-outage-"));
    [port] = (await findFreePorts(PORT_CANDIDATES, 1)) as [number];
    server = await startRedisServer(port, root, DURABLE);
  });

  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("stores every record accepted while the server was killed and restarted, once", async () => {
    const logger = recordingLogger();
    const recorder = createRedisRecorder(
      { url: `redis://127.0.0.1:${port}`, prefix: "outage", batchSize: 100, flushIntervalMs: 5 },
      { logger },
    );
    const records = makeRecords(12_000, 11, "load");
    const accepted: UsageRecord[] = [];
    let killedAt = -1;
    let restartedAt = -1;
    const load = (async () => {
      for (let i = 0; i < records.length; i += 50) {
        const batch = records.slice(i, i + 50);
        // Every tenth slice is sent twice, as a caller retrying after a timeout would.
        await recorder.recordBatch(i % 500 === 0 ? [...batch, ...batch] : batch);
        accepted.push(...batch);
        await sleep(12);
      }
    })();
    await sleep(300);
    killedAt = accepted.length;
    await server.stop("SIGKILL");
    await sleep(1500);
    server = await startRedisServer(port, root, DURABLE);
    restartedAt = accepted.length;
    await load;
    await recorder.flush();

    expect(killedAt).toBeGreaterThan(0);
    expect(restartedAt).toBeGreaterThan(killedAt);
    expect(restartedAt).toBeLessThan(records.length);
    expect(accepted.length).toBe(records.length);
    const summary = await recorder.getSummary(query({}));
    expect(summary).toMatchObject(sums(records));
    expect(recorder.stats()).toMatchObject({ pending: 0, failed: 0, dropped: 0 });
    expect(logger.lines.some((l) => l.startsWith("warn: Redis at redis://127.0.0.1"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("reachable again"))).toBe(true);
    await recorder.clearRecords(undefined);
    await recorder.close();
  });

  it("blocks a caller while the buffer is full, and goes on when the server is back", async () => {
    await server.stop("SIGKILL");
    const recorder = createRedisRecorder({
      url: `redis://127.0.0.1:${port}`,
      prefix: "outage-block",
      maxBufferedRecords: 100,
      batchSize: 50,
      maxRetryDelayMs: 100,
    });
    const records = makeRecords(250, 12, "block");
    await recorder.recordBatch(records.slice(0, 100));
    let released = false;
    const blocked = recorder.recordBatch(records.slice(100)).then(() => {
      released = true;
    });
    await sleep(300);
    expect(released).toBe(false);
    expect(recorder.stats().pending).toBe(100);
    server = await startRedisServer(port, root, DURABLE);
    await blocked;
    await recorder.flush();
    expect(await recorder.getSummary(query({}))).toMatchObject(sums(records));
    await recorder.clearRecords(undefined);
    await recorder.close();
  });

  it("drops and counts what does not fit, and reports what close could not store", async () => {
    await server.stop("SIGKILL");
    const logger = recordingLogger();
    const recorder = createRedisRecorder(
      {
        url: `redis://127.0.0.1:${port}`,
        prefix: "outage-drop",
        maxBufferedRecords: 40,
        overflow: "drop",
        flushTimeoutMs: 300,
      },
      { logger },
    );
    await recorder.recordBatch(makeRecords(25, 13, "drop-a"));
    await recorder.recordBatch(makeRecords(25, 14, "drop-b"));
    expect(recorder.stats()).toMatchObject({ pending: 40, dropped: 10 });
    expect(logger.lines.some((l) => l.startsWith("warn:") && l.includes("dropped"))).toBe(true);
    const closing = recorder.close();
    await expect(closing).rejects.toBeInstanceOf(FlushIncompleteError);
    await expect(closing).rejects.toMatchObject({ notStored: 40 });
    expect(recorder.stats()).toMatchObject({ pending: 0, failed: 40, dropped: 10, stored: 0 });
    server = await startRedisServer(port, root, DURABLE);
  });
});

describe("redis recorder closed during an outage", () => {
  const server = ownRedisServer("close", CLOSE_PORT_CANDIDATES);

  it("rejects blocked callers, reports what stats counts as failed, and leaves no timer", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    const recorder = createRedisRecorder({
      url: `redis://127.0.0.1:${server.port}`,
      prefix: "outage-close",
      maxBufferedRecords: 10,
      batchSize: 10,
      flushTimeoutMs: 300,
    });
    await recorder.recordBatch(makeRecords(2, 15, "close-warm"));
    await recorder.flush();
    await server.process.stop("SIGKILL");
    await recorder.recordBatch(makeRecords(10, 16, "close-a"));
    const blocked = [
      recorder.recordBatch(makeRecords(10, 17, "close-b")),
      recorder.recordUsage(makeRecords(1, 18, "close-c")[0]!),
    ];
    const outcomes = Promise.allSettled(blocked);
    await sleep(200);
    const failed = () => recorder.stats().failed ?? 0;
    const failedBefore = failed();

    const error = await recorder.close().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushIncompleteError);
    const lost = failed() - failedBefore;
    expect((error as FlushIncompleteError).notStored).toBe(lost);
    expect(lost).toBe(10);
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe("rejected");
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(RecorderClosedError);
    }
    expect(recorder.stats()).toMatchObject({ pending: 0, stored: 2 });
    // Nothing of the recorder or its client may keep the process alive after close.
    await sleep(50);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
