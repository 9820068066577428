import { type Genie, withUsageContext } from "@genie/usage-core";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { trackOpenAI } from "../src/openai/index.js";
import { type CapturingRecorder, createCapture } from "./helpers/capture.js";
import { chatCounts, responsesCounts, storedRecord, UNKNOWN_COUNTS } from "./helpers/expected.js";
import { type FixtureServer, startFixtureServer } from "./helpers/fixture-server.js";
import {
  chatCompletion,
  chatStream,
  chatStreamEvents,
  response,
  responseStream,
  serveOpenAI,
} from "./helpers/openai-fixtures.js";

let server: FixtureServer;
let genie: Genie;
let recorder: CapturingRecorder;
let client: OpenAI;

beforeAll(async () => {
  server = await startFixtureServer();
  serveOpenAI(server);
});

afterAll(() => server.close());

beforeEach(async () => {
  ({ genie, recorder } = await createCapture());
  client = new OpenAI({ apiKey: "test-key", baseURL: `${server.url}/v1`, maxRetries: 0 });
  server.requests.length = 0;
});

afterEach(() => genie.close());

const messages = [{ role: "user" as const, content: "When is low tide?" }];

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);

  return items;
}

describe("trackOpenAI: chat completions", () => {
  it("records a whole response once, with cached and reasoning parts", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const result = await tracked.chat.completions.create({ model: "o4-mini", messages });

    expect(result).toEqual(chatCompletion);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatCompletion.model,
        ...chatCounts(chatCompletion.usage),
      }),
    ]);
  });

  it("records a call read with .asResponse(), whose body the caller still reads", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const response = await tracked.chat.completions
      .create({ model: "o4-mini", messages })
      .asResponse();

    expect(await response.json()).toEqual(chatCompletion);
    // The copy of the body is read beside the caller's, in the background.
    for (let i = 0; i < 100 && recorder.records.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatCompletion.model,
        ...chatCounts(chatCompletion.usage),
      }),
    ]);
  });

  it("records a call read with .withResponse() once", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const { data } = await tracked.chat.completions
      .create({ model: "o4-mini", messages })
      .withResponse();
    await genie.usage.flush();

    expect(data).toEqual(chatCompletion);
    expect(recorder.records).toHaveLength(1);
  });

  it("asks a stream for usage and hides it from a caller who did not", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const stream = await tracked.chat.completions.create({
      model: "gpt-4.1-mini",
      messages,
      stream: true,
    });
    const chunks = await collect(stream);

    expect(server.requests[0]?.body.stream_options).toEqual({ include_usage: true });
    expect(chunks).toEqual(chatStreamEvents(false).map((e) => e.data));
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatStream.chunks[0].model,
        ...chatCounts(chatStream.usage),
      }),
    ]);
  });

  it("passes the usage chunk on to a caller who asked for it", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const stream = await tracked.chat.completions.create({
      model: "gpt-4.1-mini",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);

    expect(chunks).toEqual(chatStreamEvents(true).map((e) => e.data));
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject(chatCounts(chatStream.usage));
  });

  it("shows the caller what an untracked client shows", async () => {
    const plain = await collect(
      await client.chat.completions.create({ model: "gpt-4.1-mini", messages, stream: true }),
    );
    const tracked = await collect(
      await trackOpenAI(client, genie.usage).chat.completions.create({
        model: "gpt-4.1-mini",
        messages,
        stream: true,
      }),
    );

    expect(tracked).toEqual(plain);
    expect(recorder.records).toHaveLength(1);
  });

  it("records through the SDK's stream helper once", async () => {
    const tracked = trackOpenAI(client, genie.usage, { userId: "u-7" });
    const runner = tracked.chat.completions.stream({ model: "gpt-4.1-mini", messages });
    const final = await runner.finalChatCompletion();

    expect(final.choices[0]?.message.content).toBe("Low tide at noon.");
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatStream.chunks[0].model,
        userId: "u-7",
        ...chatCounts(chatStream.usage),
      }),
    ]);
  });

  it("leaves the client it was given untracked", async () => {
    trackOpenAI(client, genie.usage);
    await client.chat.completions.create({ model: "o4-mini", messages });

    expect(recorder.records).toEqual([]);
  });
});

describe("trackOpenAI: responses", () => {
  it("records a whole response", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const result = await tracked.responses.create({ model: "o3", input: "Why spring tides?" });
    const plain = await client.responses.create({ model: "o3", input: "Why spring tides?" });

    expect(result).toEqual(plain);
    expect(result.usage).toEqual(response.usage);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: response.model,
        ...responsesCounts(response.usage),
      }),
    ]);
  });

  it("records a stream once and passes every event through", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const stream = await tracked.responses.create({
      model: "o4-mini",
      input: "Neap?",
      stream: true,
    });
    const events = await collect(stream);
    const completed = responseStream[responseStream.length - 1]?.data as typeof response;

    expect(events).toEqual(responseStream.map((e) => e.data));
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: completed.response.model,
        ...responsesCounts(completed.response.usage),
      }),
    ]);
  });
});

describe("trackOpenAI: helpers and errors", () => {
  it("records through the responses stream helper once", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const final = await tracked.responses
      .stream({ model: "o4-mini", input: "Neap?" })
      .finalResponse();
    const completed = responseStream[responseStream.length - 1]?.data as typeof response;

    expect(final.usage).toEqual(completed.response.usage);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject(responsesCounts(completed.response.usage));
  });

  it("records once when a consumed stream is iterated again", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const stream = await tracked.chat.completions.create({ model: "m", messages, stream: true });
    await collect(stream);

    await expect(collect(stream)).rejects.toThrow(/consumed/);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]?.customTags).toBeNull();
  });

  it("passes a provider error through unchanged and records nothing", async () => {
    server.on("/v1/chat/completions", () => ({
      status: 400,
      json: { error: { message: "bad model", type: "invalid_request_error", code: null } },
    }));
    try {
      const tracked = trackOpenAI(client, genie.usage);
      const failing = tracked.chat.completions.create({ model: "nope", messages });

      await expect(failing).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      await expect(failing).rejects.toThrow("bad model");
      expect(recorder.records).toEqual([]);
      expect(genie.usage.stats().autoRecordFailures).toBe(0);
    } finally {
      serveOpenAI(server);
    }
  });
});

describe("trackOpenAI: attribution", () => {
  it("takes userId, sessionId and tags from the withUsageContext scope", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    await withUsageContext({ userId: "u-1", sessionId: "s-1", tags: { team: "tides" } }, () =>
      tracked.chat.completions.create({ model: "o4-mini", messages }),
    );

    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatCompletion.model,
        userId: "u-1",
        sessionId: "s-1",
        customTags: { team: "tides" },
        ...chatCounts(chatCompletion.usage),
      }),
    ]);
  });

  it("lets the explicit attribution win, field by field", async () => {
    const tracked = trackOpenAI(client, genie.usage, {
      userId: "u-explicit",
      tags: { feature: "search" },
      callType: "summary",
    });
    await withUsageContext({ userId: "u-scope", sessionId: "s-scope", tags: { team: "t" } }, () =>
      tracked.chat.completions.create({ model: "o4-mini", messages }),
    );

    expect(recorder.records[0]).toMatchObject({
      userId: "u-explicit",
      sessionId: "s-scope",
      callType: "summary",
      customTags: { team: "t", feature: "search" },
    });
  });

  it("keeps the scope of the call for a stream consumed outside it", async () => {
    const tracked = trackOpenAI(client, genie.usage);
    const stream = await withUsageContext({ userId: "u-stream" }, () =>
      tracked.chat.completions.create({ model: "gpt-4.1-mini", messages, stream: true }),
    );
    await collect(stream);

    expect(recorder.records.map((r) => r.userId)).toEqual(["u-stream"]);
  });
});

describe("trackOpenAI: failures and aborts", () => {
  it("never fails the call when recording fails, and counts the failure", async () => {
    recorder.failWith = new Error("store down");
    const tracked = trackOpenAI(client, genie.usage);
    const result = await tracked.chat.completions.create({ model: "o4-mini", messages });
    await new Promise((resolve) => setImmediate(resolve));

    expect(result.choices[0]?.message.content).toBe(chatCompletion.choices[0].message.content);
    expect(genie.usage.stats().autoRecordFailures).toBe(1);
  });

  it("does not wait for a recorder that never answers", async () => {
    recorder.stall = true;
    const tracked = trackOpenAI(client, genie.usage);
    const chunks = await collect(
      await tracked.chat.completions.create({ model: "gpt-4.1-mini", messages, stream: true }),
    );

    expect(chunks).toHaveLength(chatStream.chunks.length);
    expect(recorder.records).toHaveLength(1);
  });

  it("records an abandoned stream once, marked incomplete", async () => {
    server.on("/v1/chat/completions", () => ({
      sse: chatStreamEvents(true).slice(0, 2),
      holdOpen: true,
    }));
    try {
      const tracked = trackOpenAI(client, genie.usage, { sessionId: "s-abort" });
      const stream = await tracked.chat.completions.create({
        model: "gpt-4.1-mini",
        messages,
        stream: true,
      });
      const seen: unknown[] = [];
      for await (const chunk of stream) {
        seen.push(chunk);
        if (seen.length === 2) break;
      }
      await server.heldStreamsClosed();

      expect(seen).toEqual(chatStream.chunks.slice(0, 2));
      expect(recorder.records).toEqual([
        storedRecord({
          providerId: "openai",
          modelName: chatStream.chunks[0].model,
          sessionId: "s-abort",
          customTags: { incomplete: true },
          ...UNKNOWN_COUNTS,
        }),
      ]);
    } finally {
      serveOpenAI(server);
    }
  });

  it("records a stream aborted through its controller once, marked incomplete", async () => {
    server.on("/v1/responses", () => ({ sse: responseStream.slice(0, 4), holdOpen: true }));
    try {
      const tracked = trackOpenAI(client, genie.usage);
      const stream = await tracked.responses.create({ model: "o4-mini", input: "x", stream: true });
      let count = 0;
      for await (const _event of stream) {
        count += 1;
        if (count === 3) stream.controller.abort();
      }
      await server.heldStreamsClosed();

      expect(recorder.records).toHaveLength(1);
      expect(recorder.records[0]).toMatchObject({
        modelName: "o4-mini-2025-04-16",
        promptTokens: null,
        customTags: { incomplete: true },
      });
    } finally {
      serveOpenAI(server);
    }
  });
});
