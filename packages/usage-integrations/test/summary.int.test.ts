import Anthropic from "@anthropic-ai/sdk";
import memoryRecorder from "@genie/recorder-memory";
import { Genie, withUsageContext } from "@genie/usage-core";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trackAnthropic } from "../src/anthropic/index.js";
import { trackOpenAI } from "../src/openai/index.js";
import { message, serveAnthropic, streamedCounts } from "./helpers/anthropic-fixtures.js";
import { anthropicCounts, type Counts, chatCounts } from "./helpers/expected.js";
import { type FixtureServer, startFixtureServer } from "./helpers/fixture-server.js";
import { chatCompletion, chatStream, serveOpenAI } from "./helpers/openai-fixtures.js";

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
  serveOpenAI(server);
  serveAnthropic(server);
});

afterAll(() => server.close());

function sum(counts: Counts[], key: keyof Counts): number {
  return counts.reduce((total, c) => total + (c[key] ?? 0), 0);
}

describe("SDK calls summarised by the memory recorder", () => {
  it("totals one user's calls across SDKs exactly, each part counted once", async () => {
    const genie = await Genie.create({
      features: { tokenUsageRecorder: memoryRecorder },
      pricing: { catalog: false },
    });
    const openai = trackOpenAI(
      new OpenAI({ apiKey: "k", baseURL: `${server.url}/v1`, maxRetries: 0 }),
      genie.usage,
    );
    const anthropic = trackAnthropic(
      new Anthropic({ apiKey: "k", baseURL: server.url, maxRetries: 0 }),
      genie.usage,
    );
    const messages = [{ role: "user" as const, content: "Tides?" }];

    await withUsageContext({ userId: "u-sum" }, async () => {
      await openai.chat.completions.create({ model: "o4-mini", messages });
      const stream = await openai.chat.completions.create({ model: "m", messages, stream: true });
      for await (const _chunk of stream);
      await anthropic.messages.create({ model: "c", max_tokens: 64, messages });
      await anthropic.messages.stream({ model: "c", max_tokens: 64, messages }).finalMessage();
    });
    await openai.chat.completions.create({ model: "o4-mini", messages });
    await genie.usage.flush();

    const calls = [
      chatCounts(chatCompletion.usage),
      chatCounts(chatStream.usage),
      anthropicCounts(message.usage),
      streamedCounts,
    ];
    const summary = await genie.usage.getSummary({ filter: { userId: "u-sum" } });

    expect(summary).toMatchObject({
      totalRecords: calls.length,
      totalPromptTokens: sum(calls, "promptTokens"),
      totalCompletionTokens: sum(calls, "completionTokens"),
      totalTokensOverall: sum(calls, "totalTokens"),
      totalCachedPromptTokens: sum(calls, "cachedPromptTokens"),
      totalCacheWriteTokens: sum(calls, "cacheWriteTokens"),
      totalReasoningTokens: sum(calls, "reasoningTokens"),
    });
    expect((await genie.usage.getSummary()).totalRecords).toBe(calls.length + 1);
    await genie.close();
  });
});
