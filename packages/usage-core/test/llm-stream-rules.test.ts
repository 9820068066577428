import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ArrayRecorder } from "./helpers/array-recorder.js";
import { fixtureSseEvents, fixtureText } from "./helpers/fixtures.js";
import { fixtureDeltas, genieFor, readAll, serveStream } from "./helpers/llm-genie.js";
import { useLLMServer, within } from "./helpers/llm-server.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const PATH = "/v1/chat/completions";
const FILE = "openai-chat-stream.sse";
const messages = [{ role: "user", content: "Tides?" }];

const local = useLLMServer();

/** The first `count` events of the transcript, with the connection left open after them. */
function serveOpenEnded(count: number): void {
  const blocks = fixtureText(FILE).split("\n\n").slice(0, count);
  local.server.reply(PATH, {
    contentType: "text/event-stream",
    body: `${blocks.join("\n\n")}\n\n`,
    holdOpen: true,
  });
}

async function setup() {
  const recorder = new ArrayRecorder();
  const genie = await genieFor(local.server, "openai-compatible", recorder);

  return { recorder, genie };
}

describe("a stream records exactly once", () => {
  it("read to the end: one complete record", async () => {
    serveStream(local.server, PATH, FILE);
    const { recorder, genie } = await setup();
    const stream = await genie.llm.chat(messages, { stream: true });
    await readAll(stream);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.customTags).toBeNull();
  });

  it("left with break: one incomplete record, and the connection is released", async () => {
    serveOpenEnded(3);
    const { recorder, genie } = await setup();
    const stream = await genie.llm.chat(messages, { stream: true });
    for await (const _ of stream) break;

    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.customTags).toEqual({ incomplete: true });
    expect(await stream.usage).toMatchObject({ isComplete: false });
    await within(local.server.requests[0]!.closed);
  });

  it("iterated twice: the second iteration ends at once, still one record", async () => {
    serveStream(local.server, PATH, FILE);
    const { recorder, genie } = await setup();
    const stream = await genie.llm.chat(messages, { stream: true });
    const first = await readAll(stream);
    const second = await readAll(stream);
    expect(first).toEqual(fixtureDeltas(FILE));
    expect(second).toEqual([]);
    expect(recorder.records).toHaveLength(1);
  });

  it("broken off, then iterated again: nothing more, one record", async () => {
    serveOpenEnded(3);
    const { recorder, genie } = await setup();
    const stream = await genie.llm.chat(messages, { stream: true });
    for await (const _ of stream) break;
    expect(await readAll(stream)).toEqual([]);
    expect(recorder.records).toHaveLength(1);
  });

  it("never iterated, then genie.close(): one incomplete record", async () => {
    serveOpenEnded(3);
    const { recorder, genie } = await setup();
    const stream = await genie.llm.chat(messages, { stream: true });
    expect(recorder.records).toHaveLength(0);
    await genie.close();
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.customTags).toEqual({ incomplete: true });
    expect(await readAll(stream)).toEqual([]);
    await within(local.server.requests[0]!.closed);
  });

  it("never iterated and dropped: one incomplete record once collected", async () => {
    serveOpenEnded(3);
    const { recorder, genie } = await setup();
    await (async () => {
      await genie.llm.chat(messages, { stream: true });
    })();
    for (let i = 0; i < 50 && recorder.records.length === 0; i += 1) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.customTags).toEqual({ incomplete: true });
    await within(local.server.requests[0]!.closed);
  });

  it("a stream being read is not finalised when its handle is dropped", async () => {
    serveStream(local.server, PATH, FILE);
    const { recorder, genie } = await setup();
    const iterator = (await genie.llm.chat(messages, { stream: true }))[Symbol.asyncIterator]();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const deltas: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) deltas.push(r.value);
    expect(deltas).toEqual(fixtureDeltas(FILE));
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.customTags).toBeNull();
  });

  it("result() without iterating reads to the end: one complete record", async () => {
    serveStream(local.server, PATH, FILE);
    const { recorder, genie } = await setup();
    const stream = await genie.llm.chat(messages, { stream: true });
    const result = await stream.result();
    expect(result.text).toBe(fixtureDeltas(FILE).join(""));
    expect(result.usage.isComplete).toBe(true);
    expect(await stream.result()).toEqual(result);
    expect(recorder.records).toHaveLength(1);
  });

  it("cancel(): one incomplete record, connection released", async () => {
    serveOpenEnded(2);
    const { recorder, genie } = await setup();
    const stream = await genie.llm.chat(messages, { stream: true });
    await stream.cancel();
    await stream.cancel();
    expect(recorder.records).toHaveLength(1);
    await within(local.server.requests[0]!.closed);
  });

  it("aborted while reading: the read rejects as an abort, one incomplete record", async () => {
    serveOpenEnded(3);
    const { recorder, genie } = await setup();
    const controller = new AbortController();
    const stream = await genie.llm.chat(messages, { stream: true, signal: controller.signal });
    const error = await (async () => {
      for await (const _ of stream) controller.abort();
    })().catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.customTags).toEqual({ incomplete: true });
  });

  it("aborted with a reason of the caller's own: the read rejects with that reason", async () => {
    serveOpenEnded(3);
    const { recorder, genie } = await setup();
    const controller = new AbortController();
    const stream = await genie.llm.chat(messages, { stream: true, signal: controller.signal });
    const reason = new Error("user navigated away");
    const error = await (async () => {
      for await (const _ of stream) controller.abort(reason);
    })().catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(recorder.records).toHaveLength(1);
  });

  it("aborted before anyone reads: one incomplete record", async () => {
    serveOpenEnded(3);
    const { recorder, genie } = await setup();
    const controller = new AbortController();
    const stream = await genie.llm.chat(messages, { stream: true, signal: controller.signal });
    controller.abort();
    expect(recorder.records).toHaveLength(1);
    expect((await stream.usage).isComplete).toBe(false);
  });

  it("aborted before anyone reads: the first read rejects with the abort's reason", async () => {
    for (const reason of [undefined, new Error("request cancelled")]) {
      serveOpenEnded(3);
      const { recorder, genie } = await setup();
      const controller = new AbortController();
      const stream = await genie.llm.chat(messages, { stream: true, signal: controller.signal });
      controller.abort(reason);

      const error = await readAll(stream).catch((e: unknown) => e);
      if (reason) expect(error).toBe(reason);
      else expect((error as Error).name).toBe("AbortError");
      expect(await readAll(stream)).toEqual([]);
      expect(recorder.records).toHaveLength(1);
      expect(recorder.records[0]!.customTags).toEqual({ incomplete: true });
    }
  });

  it("a stream that ends without usage records nulls, tagged incomplete", async () => {
    const withoutUsage = fixtureText(FILE)
      .split("\n\n")
      .filter((block) => !block.includes('"choices":[]'))
      .join("\n\n");
    local.server.reply(PATH, { contentType: "text/event-stream", body: withoutUsage });
    const { recorder, genie } = await setup();
    const deltas = await readAll(await genie.llm.chat(messages, { stream: true }));
    expect(deltas).toEqual(fixtureDeltas(FILE));
    const model = fixtureSseEvents(FILE)[0].model;
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      modelName: model,
      promptTokens: null,
      completionTokens: null,
      totalTokens: null,
      customTags: { incomplete: true },
    });
  });
});
