import { describe, expect, it } from "vitest";
import {
  Genie,
  InvalidConfigError,
  InvalidUsageRecordError,
  type LLMProvider,
  type LLMProviderPlugin,
  withUsageContext,
} from "../src/index.js";
import { ArrayRecorder } from "./helpers/array-recorder.js";
import { BAD_ATTRIBUTION } from "./helpers/bad-attribution.js";
import { FailingRecorder } from "./helpers/failing-recorder.js";
import { fixtureJson, fixtureSseEvents, fixtureText } from "./helpers/fixtures.js";
import { genieFor, readAll, serveStream } from "./helpers/llm-genie.js";
import { useLLMServer } from "./helpers/llm-server.js";

const local = useLLMServer();

const messages = [{ role: "user", content: "Reconcile the invoices." }];
const attribution = { userId: "u-42", sessionId: "s-7", tags: { team: "billing", tier: 2 } };

// The same over the memory recorder: packages/recorder-memory/test/llm-recording.test.ts.
describe("genie.llm end to end", () => {
  it("a streamed Anthropic call sums into the summary with its cache reads and writes", async () => {
    const file = "anthropic-stream-cached.sse";
    serveStream(local.server, "/v1/messages", file);
    const genie = await genieFor(local.server, "anthropic");

    await readAll(await genie.llm.chat(messages, { ...attribution, stream: true }));
    const summary = await genie.usage.getSummary({ filter: { sessionId: "s-7" } });

    const events = fixtureSseEvents(file);
    const start = events[0].message.usage;
    const output = events.filter((e) => e.type === "message_delta").pop().usage.output_tokens;
    const prompt =
      start.input_tokens + start.cache_read_input_tokens + start.cache_creation_input_tokens;
    expect(summary).toMatchObject({
      totalRecords: 1,
      totalPromptTokens: prompt,
      totalCompletionTokens: output,
      totalTokensOverall: prompt + output,
      totalCachedPromptTokens: start.cache_read_input_tokens,
      totalCacheWriteTokens: start.cache_creation_input_tokens,
    });
    await genie.close();
  });
});

describe("attribution from withUsageContext", () => {
  it("calls inside a scope inherit it; call options win; tags merge", async () => {
    local.server.reply("/api/chat", { body: JSON.stringify(fixtureJson("ollama-chat.json")) });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "ollama", recorder);

    await withUsageContext(
      { userId: "ctx-user", sessionId: "ctx-s", tags: { team: "a" } },
      async () => {
        await genie.llm.chat(messages);
        await withUsageContext({ tags: { feature: "search" } }, () =>
          genie.llm.chat(messages, {
            userId: "call-user",
            tags: { team: "b" },
            callType: "rerank",
          }),
        );
      },
    );
    await genie.llm.chat(messages);

    expect(recorder.records.map((r) => [r.userId, r.sessionId, r.customTags, r.callType])).toEqual([
      ["ctx-user", "ctx-s", { team: "a" }, "chat"],
      ["call-user", "ctx-s", { team: "b", feature: "search" }, "rerank"],
      [null, null, null, "chat"],
    ]);
  });

  it("a stream keeps the attribution of the scope it was started in", async () => {
    serveStream(local.server, "/api/chat", "ollama-chat-stream.ndjson");
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "ollama", recorder);

    const stream = await withUsageContext({ userId: "streamer" }, () =>
      genie.llm.chat(messages, { stream: true }),
    );
    await readAll(stream);

    expect(recorder.records[0]!.userId).toBe("streamer");
  });
});

describe("recording never breaks or delays the call", () => {
  it.each(["throws", "rejects"] as const)(
    "a recorder that %s: the call succeeds, the failure is logged and counted",
    async (mode) => {
      const body = fixtureJson("ollama-chat.json");
      local.server.reply("/api/chat", { body: JSON.stringify(body) });
      const errors: string[] = [];
      const genie = await Genie.create({
        features: { tokenUsageRecorder: new FailingRecorder(mode), llm: "ollama" },
        llmProviderConfigurations: { ollama: { baseURL: local.server.url, model: "m" } },
        logger: { error: (message: string) => errors.push(message) },
        env: {},
      });

      const result = await genie.llm.chat(messages);
      expect(result.text).toBe(body.message.content);
      await new Promise((resolve) => setImmediate(resolve));
      expect(genie.usage.stats().autoRecordFailures).toBe(1);
      expect(errors.some((m) => m.includes("Automatic usage recording failed"))).toBe(true);

      serveStream(local.server, "/api/chat", "ollama-chat-stream.ndjson");
      const stream = await genie.llm.chat(messages, { stream: true });
      await readAll(stream);
      await new Promise((resolve) => setImmediate(resolve));
      expect(genie.usage.stats().autoRecordFailures).toBe(2);
    },
  );

  it("a recorder that never answers does not delay the call", async () => {
    local.server.reply("/api/chat", { body: JSON.stringify(fixtureJson("ollama-chat.json")) });
    const genie = await Genie.create({
      features: { tokenUsageRecorder: new FailingRecorder("hangs"), llm: "ollama" },
      llmProviderConfigurations: { ollama: { baseURL: local.server.url, model: "m" } },
      env: {},
    });
    const outcome = await Promise.race([
      genie.llm.chat(messages).then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("delayed"), 1_000)),
    ]);
    expect(outcome).toBe("answered");
  });

  it.each(BAD_ATTRIBUTION)(
    "%s in the call's options rejects the call before the provider is asked",
    async (_, attribution, field) => {
      local.server.reply("/api/chat", { body: JSON.stringify(fixtureJson("ollama-chat.json")) });
      const recorder = new ArrayRecorder();
      const genie = await genieFor(local.server, "ollama", recorder);

      for (const stream of [false, true]) {
        const error = await genie.llm
          .chat(messages, { ...attribution, stream } as never)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidUsageRecordError);
        expect(error).toMatchObject({ field: `options.${field}` });
      }
      expect(local.server.requests).toHaveLength(0);
      expect(recorder.records).toHaveLength(0);
      expect(genie.usage.stats().autoRecordFailures).toBe(0);
    },
  );

  it("62 tags leave room for incomplete and droppedCounts; one more rejects the call", async () => {
    local.server.reply("/v1/chat/completions", {
      contentType: "text/event-stream",
      body: `${fixtureText("openai-chat-stream.sse").split("\n\n").slice(0, 2).join("\n\n")}\n\n`,
    });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "openai-compatible", recorder);
    const tags = Object.fromEntries(Array.from({ length: 62 }, (_, i) => [`t${i}`, i]));

    await readAll(await genie.llm.chat(messages, { stream: true, tags }));
    expect(recorder.records[0]!.customTags).toEqual({ ...tags, incomplete: true });
    const error = await genie.llm
      .chat(messages, { tags: { ...tags, one: "more" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "options.tags" });
    expect(local.server.requests).toHaveLength(1);
  });

  it("merged tags past the record's limit reject the call before it is made", async () => {
    const genie = await genieFor(local.server, "ollama", new ArrayRecorder());
    const half = (prefix: string) =>
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${prefix}${i}`, i]));

    const error = await withUsageContext({ tags: half("scope") }, () =>
      genie.llm.chat(messages, { tags: half("call") }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidUsageRecordError);
    expect(local.server.requests).toHaveLength(0);
  });
});

describe("choosing the provider", () => {
  it("rejects an unknown provider name at start-up, listing the built-ins", async () => {
    const error = await Genie.create({
      features: { tokenUsageRecorder: "none", llm: "gpt" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(String(error)).toContain("openai-compatible, openai, anthropic, ollama");
  });

  it("without features.llm, genie.llm refuses calls and says what to set", async () => {
    const genie = await Genie.create({ features: { tokenUsageRecorder: "none" }, env: {} });
    await expect(genie.llm.chat(messages)).rejects.toThrow(/features\.llm/);
  });

  it("accepts a provider object, and a plugin object configured under its name", async () => {
    const usage = {
      promptTokens: 11,
      completionTokens: 4,
      totalTokens: 15,
      cachedPromptTokens: null,
      cacheWriteTokens: null,
      reasoningTokens: null,
      modelName: "echo-1",
    };
    const echo = (name: string, suffix: string): LLMProvider => ({
      name,
      complete: async (request) => ({ text: `${request.messages[0]!.content}${suffix}`, usage }),
      stream: () => Promise.reject(new Error("no streams")),
    });
    const plugin: LLMProviderPlugin<{ suffix: string }> = {
      name: "echo",
      create: (options) => echo("echo-plugin", options.suffix),
    };
    const recorder = new ArrayRecorder();
    const byObject = await Genie.create({
      features: { tokenUsageRecorder: recorder, llm: echo("echo-object", "") },
    });
    const byPlugin = await Genie.create({
      features: { tokenUsageRecorder: recorder, llm: plugin },
      llmProviderConfigurations: { echo: { suffix: "!" } },
    });

    expect((await byObject.llm.chat(messages)).text).toBe(messages[0]!.content);
    expect((await byPlugin.llm.generate("hi")).text).toBe("hi!");
    expect(recorder.records.map((r) => [r.providerId, r.modelName, r.totalTokens])).toEqual([
      ["echo-object", "echo-1", 15],
      ["echo-plugin", "echo-1", 15],
    ]);
  });

  it("uses OPENAI_API_KEY from the environment only with OpenAI's own URL", async () => {
    local.server.reply("/v1/chat/completions", {
      body: JSON.stringify(fixtureJson("openai-chat.json")),
    });
    const genie = await Genie.create({
      features: { tokenUsageRecorder: "none", llm: "openai-compatible" },
      llmProviderConfigurations: {
        "openai-compatible": { baseURL: `${local.server.url}/v1`, model: "m" },
      },
      env: { OPENAI_API_KEY: "sk-from-env" },
    });
    await genie.llm.chat(messages);
    expect(local.server.requests[0]!.headers.authorization).toBeUndefined();
  });
});
