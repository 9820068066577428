import Anthropic from "@anthropic-ai/sdk";
import { type Genie, withUsageContext } from "@genie/usage-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { trackAnthropic } from "../src/anthropic/index.js";
import {
  message,
  serveAnthropic,
  streamEvents,
  streamedCounts,
  streamStart,
} from "./helpers/anthropic-fixtures.js";
import { type CapturingRecorder, createCapture } from "./helpers/capture.js";
import { anthropicCounts, storedRecord } from "./helpers/expected.js";
import { type FixtureServer, startFixtureServer } from "./helpers/fixture-server.js";

let server: FixtureServer;
let genie: Genie;
let recorder: CapturingRecorder;
let client: Anthropic;

beforeAll(async () => {
  server = await startFixtureServer();
  serveAnthropic(server);
});

afterAll(() => server.close());

beforeEach(async () => {
  ({ genie, recorder } = await createCapture());
  client = new Anthropic({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 });
});

afterEach(() => genie.close());

const request = {
  model: "claude-sonnet-4-20250514",
  max_tokens: 256,
  messages: [{ role: "user" as const, content: "How often is high water?" }],
};

describe("trackAnthropic", () => {
  it("records a whole message with cache reads and writes as parts of the prompt", async () => {
    const tracked = trackAnthropic(client, genie.usage);
    const result = await tracked.messages.create(request);

    expect(result).toEqual(message);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "anthropic",
        modelName: message.model,
        ...anthropicCounts(message.usage),
      }),
    ]);
  });

  it("records `stream: true` once and passes every event through", async () => {
    const tracked = trackAnthropic(client, genie.usage);
    const stream = await withUsageContext({ userId: "u-9", tags: { plan: "pro" } }, () =>
      tracked.messages.create({ ...request, stream: true }),
    );
    const events: unknown[] = [];
    for await (const event of stream) events.push(event);
    const plain: unknown[] = [];
    for await (const event of await client.messages.create({ ...request, stream: true }))
      plain.push(event);

    expect(events).toEqual(plain);
    expect(events).toHaveLength(streamEvents.filter((e) => e.event !== "ping").length);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "anthropic",
        modelName: streamStart.model,
        userId: "u-9",
        customTags: { plan: "pro" },
        ...streamedCounts,
      }),
    ]);
  });

  it("records messages.stream once, final message unchanged", async () => {
    const tracked = trackAnthropic(client, genie.usage, { sessionId: "s-2" });
    const final = await tracked.messages.stream(request).finalMessage();
    const plain = await client.messages.stream(request).finalMessage();

    expect(final).toEqual(plain);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "anthropic",
        modelName: streamStart.model,
        sessionId: "s-2",
        ...streamedCounts,
      }),
    ]);
  });

  it("records an aborted messages.stream once with what is known, marked incomplete", async () => {
    server.on("/v1/messages", () => ({ sse: streamEvents.slice(0, 4), holdOpen: true }));
    try {
      const tracked = trackAnthropic(client, genie.usage);
      const stream = tracked.messages.stream(request);
      let texts = 0;
      stream.on("text", () => {
        texts += 1;
        stream.abort();
      });
      await stream.done().catch(() => undefined);
      await server.heldStreamsClosed();

      expect(texts).toBe(1);
      expect(recorder.records).toEqual([
        storedRecord({
          providerId: "anthropic",
          modelName: streamStart.model,
          customTags: { incomplete: true },
          ...anthropicCounts(streamStart.usage),
        }),
      ]);
    } finally {
      serveAnthropic(server);
    }
  });
});
