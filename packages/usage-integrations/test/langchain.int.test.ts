import { type Genie, withUsageContext } from "@genie/usage-core";
import type { AIMessageChunk } from "@langchain/core/messages";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { concat } from "@langchain/core/utils/stream";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UsageCallbackHandler } from "../src/langchain/index.js";
import { type CapturingRecorder, createCapture } from "./helpers/capture.js";
import { chatCounts, storedRecord, UNKNOWN_COUNTS } from "./helpers/expected.js";
import { type FixtureServer, readFixture, startFixtureServer } from "./helpers/fixture-server.js";
import {
  chatCompletion,
  chatStream,
  chatStreamEvents,
  serveOpenAI,
} from "./helpers/openai-fixtures.js";
import { RunningTotalsChatModel } from "./helpers/running-totals-chat-model.js";

// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON
type Json = any;

const geminiChunks = readFixture<Json[]>("gemini-stream.json");

let server: FixtureServer;
let genie: Genie;
let recorder: CapturingRecorder;

beforeAll(async () => {
  server = await startFixtureServer();
  serveOpenAI(server);
  server.on("/gemini/stream", () => ({ sse: geminiChunks.map((data) => ({ data })) }));
});

afterAll(() => server.close());

beforeEach(async () => {
  ({ genie, recorder } = await createCapture());
});

afterEach(() => genie.close());

function chatOpenAI(handler: UsageCallbackHandler): ChatOpenAI {
  return new ChatOpenAI({
    model: "gpt-4.1-mini",
    apiKey: "test-key",
    configuration: { baseURL: `${server.url}/v1` },
    maxRetries: 0,
    callbacks: [handler],
  });
}

describe("UsageCallbackHandler", () => {
  it("records an invoke once from its usage metadata, with scope attribution", async () => {
    const model = chatOpenAI(new UsageCallbackHandler(genie.usage));
    const message = await withUsageContext({ userId: "u-lc", sessionId: "s-lc" }, () =>
      model.invoke("When is low tide?"),
    );

    expect(message.content).toBe(chatCompletion.choices[0].message.content);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatCompletion.model,
        userId: "u-lc",
        sessionId: "s-lc",
        ...chatCounts(chatCompletion.usage),
      }),
    ]);
  });

  it("records only the model run of a chain, in the caller's scope", async () => {
    const handler = new UsageCallbackHandler(genie.usage);
    const model = new ChatOpenAI({
      model: "gpt-4.1-mini",
      apiKey: "test-key",
      configuration: { baseURL: `${server.url}/v1` },
      maxRetries: 0,
    });
    const chain = ChatPromptTemplate.fromTemplate("When is low tide in {port}?")
      .pipe(model)
      .pipe(new StringOutputParser());
    const answer = await withUsageContext({ userId: "u-chain" }, () =>
      chain.invoke({ port: "Brest" }, { callbacks: [handler] }),
    );

    expect(answer).toBe(chatCompletion.choices[0].message.content);
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatCompletion.model,
        userId: "u-chain",
        ...chatCounts(chatCompletion.usage),
      }),
    ]);
  });

  it("records a streamed run once", async () => {
    const model = chatOpenAI(new UsageCallbackHandler(genie.usage, { tags: { app: "lc" } }));
    let text = "";
    for await (const chunk of await model.stream("When is low tide?")) text += chunk.content;

    expect(text).toBe("Low tide at noon.");
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "openai",
        modelName: chatStream.chunks[0].model,
        customTags: { app: "lc" },
        ...chatCounts(chatStream.usage),
      }),
    ]);
  });

  it("counts a run whose chunks repeat running totals once", async () => {
    const handler = new UsageCallbackHandler(genie.usage, { providerId: "google" });
    const model = new RunningTotalsChatModel(`${server.url}/gemini/stream`);
    let aggregate: AIMessageChunk | undefined;
    for await (const chunk of await model.stream("Spring tides?", { callbacks: [handler] })) {
      aggregate = aggregate ? concat(aggregate, chunk) : chunk;
    }
    const final = geminiChunks[geminiChunks.length - 1].usageMetadata;
    const thoughts = final.thoughtsTokenCount;

    // Summing the chunks, as LangChain's own aggregate does, counts the prompt once per chunk.
    expect(aggregate?.usage_metadata?.input_tokens).toBe(
      geminiChunks.length * final.promptTokenCount,
    );
    expect(recorder.records).toEqual([
      storedRecord({
        providerId: "google",
        modelName: geminiChunks[0].modelVersion,
        promptTokens: final.promptTokenCount,
        completionTokens: final.candidatesTokenCount + thoughts,
        totalTokens: final.totalTokenCount,
        cachedPromptTokens: final.cachedContentTokenCount,
        cacheWriteTokens: null,
        reasoningTokens: thoughts,
      }),
    ]);
  });

  it("records an aborted stream once, marked incomplete", async () => {
    server.on("/v1/chat/completions", () => ({
      sse: chatStreamEvents(true).slice(0, 2),
      holdOpen: true,
    }));
    try {
      const model = chatOpenAI(new UsageCallbackHandler(genie.usage));
      const abort = new AbortController();
      const stream = await model.stream("When is low tide?", { signal: abort.signal });
      await expect(
        (async () => {
          for await (const chunk of stream) if (chunk.content) abort.abort();
        })(),
      ).rejects.toThrow();
      await server.heldStreamsClosed();

      expect(recorder.records).toEqual([
        storedRecord({
          providerId: "openai",
          modelName: "gpt-4.1-mini",
          customTags: { incomplete: true },
          ...UNKNOWN_COUNTS,
        }),
      ]);
    } finally {
      serveOpenAI(server);
    }
  });

  it("records runs broken off without a signal as incomplete once too many are open", async () => {
    server.on("/v1/chat/completions", () => ({
      sse: chatStreamEvents(true).slice(0, 2),
      holdOpen: true,
    }));
    try {
      const handler = new UsageCallbackHandler(genie.usage, undefined, { maxOpenRuns: 2 });
      const model = chatOpenAI(handler);
      for (let run = 0; run < 3; run += 1) {
        for await (const chunk of await model.stream("When is low tide?")) if (chunk.content) break;
      }
      const abandoned = storedRecord({
        providerId: "openai",
        modelName: "gpt-4.1-mini",
        customTags: { incomplete: true },
        ...UNKNOWN_COUNTS,
      });

      // LangChain reports nothing for the three; the third start pushes the first out.
      expect(recorder.records).toEqual([abandoned]);
    } finally {
      serveOpenAI(server);
    }
  });
});
