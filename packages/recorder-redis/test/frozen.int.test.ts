import { describe, expect, it } from "vitest";
import { createRedisRecorder } from "../src/index.js";
import { makeRecords, query } from "./helpers.js";
import { ownRedisServer } from "./own-server.js";

// A server of this file's own: it is frozen with SIGSTOP, which nobody else may see.
const PORT_CANDIDATES = [7431, 7433, 7435, 7437, 7439];

/** How a promise ends within `ms`: "resolved", "rejected", or "pending" when it has not. */
async function outcomeWithin(promise: Promise<unknown>, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve("pending"), ms);
  });
  const settled = promise.then(
    () => "resolved",
    () => "rejected",
  );
  const outcome = await Promise.race([settled, pending]);
  clearTimeout(timer);

  return outcome;
}

describe("redis recorder with a frozen server", () => {
  const server = ownRedisServer("frozen", PORT_CANDIDATES);

  it("fails a read after commandTimeoutMs and closes within flushTimeoutMs", async () => {
    const recorder = createRedisRecorder({
      url: `redis://127.0.0.1:${server.port}`,
      prefix: "frozen",
      commandTimeoutMs: 300,
      flushTimeoutMs: 600,
    });
    // Its commands would wait a minute: only the close bound can end its QUIT.
    const patient = createRedisRecorder({
      url: `redis://127.0.0.1:${server.port}`,
      prefix: "frozen",
      commandTimeoutMs: 60_000,
      flushTimeoutMs: 600,
    });
    await patient.flush();
    await patient.client.ping();
    const records = makeRecords(20, 21, "frozen");
    await recorder.recordBatch(records);
    await recorder.flush();
    expect((await recorder.getSummary(query({}))).totalRecords).toBe(records.length);

    server.process.child.kill("SIGSTOP");
    try {
      let started = Date.now();
      expect(await outcomeWithin(recorder.getSummary(query({})), 5_000)).toBe("rejected");
      expect(Date.now() - started).toBeLessThan(3_000);
      started = Date.now();
      expect(await outcomeWithin(recorder.close(), 5_000)).not.toBe("pending");
      expect(Date.now() - started).toBeLessThan(3_000);
      started = Date.now();
      expect(await outcomeWithin(patient.close(), 5_000)).not.toBe("pending");
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      server.process.child.kill("SIGCONT");
    }
  });
});
