import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { type Genie, withUsageContext } from "@genie/usage-core";
import { generateText, jsonSchema, stepCountIs, streamText, tool, wrapLanguageModel } from "ai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUsageMiddleware } from "../src/ai-sdk/index.js";
import {
  message,
  serveAnthropic,
  streamedCounts,
  streamStart,
} from "./helpers/anthropic-fixtures.js";
import { type CapturingRecorder, createCapture } from "./helpers/capture.js";
import {
  anthropicCounts,
  chatCounts,
  responsesCounts,
  storedRecord,
  UNKNOWN_COUNTS,
} from "./helpers/expected.js";
import { type FixtureServer, readFixture, startFixtureServer } from "./helpers/fixture-server.js";
import {
  chatCompletion,
  chatStream,
  chatStreamEvents,
  response,
  serveOpenAI,
} from "./helpers/openai-fixtures.js";

// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON
type Json = any;

const toolCall = readFixture<Json>("openai-chat-tool-call.json");
const toolAnswer = readFixture<Json>("openai-chat-tool-answer.json");

let server: FixtureServer;
let genie: Genie;
let recorder: CapturingRecorder;
let provider: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  server = await startFixtureServer();
  serveOpenAI(server);
  serveAnthropic(server);
  provider = createOpenAI({ apiKey: "test-key", baseURL: `${server.url}/v1` });
});

afterAll(() => server.close());

beforeEach(async () => {
  ({ genie, recorder } = await createCapture());
  server.requests.length = 0;
});

afterEach(() => genie.close());

function chatModel(attribution?: Parameters<typeof createUsageMiddleware>[1]) {
  return wrapLanguageModel({
    model: provider.chat("gpt-4.1-mini"),
    middleware: createUsageMiddleware(genie.usage, attribution),
  });
}

describe("createUsageMiddleware", () => {
  it("records generateText once, cache reads as a part of the prompt", async () => {
    const result = await withUsageContext({ userId: "u-ai", tags: { feature: "tides" } }, () =>
      generateText({ model: chatModel(), prompt: "When is low tide?" }),
    );

    expect(result.text).toBe(chatCompletion.choices[0].message.content);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatCompletion.model,
        userId: "u-ai",
        customTags: { feature: "tides" },
        ...chatCounts(chatCompletion.usage),
      }),
    ]);
  });

  it("records each step of a multi-step call as its own record", async () => {
    server.on("/v1/chat/completions", (_body, seen) => ({
      json: seen.length % 2 === 1 ? toolCall : toolAnswer,
    }));
    try {
      const result = await generateText({
        model: chatModel({ sessionId: "s-steps" }),
        prompt: "High water in Brest?",
        tools: {
          tideTable: tool({
            description: "High water times for a port",
            inputSchema: jsonSchema<{ port: string }>({
              type: "object",
              properties: { port: { type: "string" } },
              required: ["port"],
            }),
            execute: async ({ port }) => ({ port, highWater: ["06:12", "18:37"] }),
          }),
        },
        stopWhen: stepCountIs(3),
      });

      expect(result.steps).toHaveLength(2);
      expect(result.text).toBe(toolAnswer.choices[0].message.content);
      expect(recorder.records).toEqual(
        [toolCall, toolAnswer].map((body) =>
          storedRecord({
            providerId: "openai",
            modelName: body.model,
            sessionId: "s-steps",
            ...chatCounts(body.usage),
          }),
        ),
      );
    } finally {
      serveOpenAI(server);
    }
  });

  it("records streamText once when the stream ends, text unchanged", async () => {
    const result = streamText({ model: chatModel(), prompt: "When is low tide?" });
    const text = await result.text;
    const expectedText = chatStream.chunks
      .map((c: Json) => c.choices[0]?.delta.content ?? "")
      .join("");

    expect(text).toBe(expectedText);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatStream.chunks[0].model,
        ...chatCounts(chatStream.usage),
      }),
    ]);
  });

  it("maps the responses API's reasoning tokens as a part of the completion", async () => {
    const model = wrapLanguageModel({
      model: provider.responses("o3"),
      middleware: createUsageMiddleware(genie.usage),
    });
    await generateText({ model, prompt: "Why spring tides?" });

    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: response.model,
        ...responsesCounts(response.usage),
      }),
    ]);
  });

  it("records an aborted streamText once, marked incomplete", async () => {
    server.on("/v1/chat/completions", () => ({
      sse: chatStreamEvents(true).slice(0, 2),
      holdOpen: true,
    }));
    try {
      const abort = new AbortController();
      const result = streamText({
        model: chatModel(),
        prompt: "When is low tide?",
        abortSignal: abort.signal,
        onError: () => {},
      });
      for await (const delta of result.textStream) {
        if (delta) abort.abort();
      }
      await server.heldStreamsClosed();
      await new Promise((resolve) => setImmediate(resolve));

      expect(recorder.records).toEqual([
        storedRecord({
          providerId: "openai",
          modelName: chatStream.chunks[0].model,
          customTags: { incomplete: true },
          ...UNKNOWN_COUNTS,
        }),
      ]);
    } finally {
      serveOpenAI(server);
    }
  });

  describe("with Anthropic, whose wire input count leaves cache reads and writes out", () => {
    const claude = () =>
      wrapLanguageModel({
        model: createAnthropic({ apiKey: "test-key", baseURL: `${server.url}/v1` })(
          "claude-sonnet-4-20250514",
        ),
        middleware: createUsageMiddleware(genie.usage),
      });

    it("records cache reads and writes once, as parts of the prompt", async () => {
      const result = await generateText({ model: claude(), prompt: "High water?" });

      expect(result.text).toBe(message.content[0].text);
      expect(recorder.records).toEqual([
        storedRecord({
          providerId: "anthropic",
          modelName: message.model,
          ...anthropicCounts(message.usage),
        }),
      ]);
    });

    it("records a stream from its start and delta counts", async () => {
      const result = streamText({ model: claude(), prompt: "High water?" });
      await result.consumeStream();

      expect(recorder.records).toEqual([
        storedRecord({
          providerId: "anthropic",
          modelName: streamStart.model,
          ...streamedCounts,
        }),
      ]);
    });
  });

  it("never fails the call when recording fails, and counts the failure", async () => {
    recorder.failWith = new Error("store down");
    const result = await generateText({ model: chatModel(), prompt: "When is low tide?" });
    await new Promise((resolve) => setImmediate(resolve));

    expect(result.text).toBe(chatCompletion.choices[0].message.content);
    expect(genie.usage.stats().autoRecordFailures).toBe(1);
  });
});
