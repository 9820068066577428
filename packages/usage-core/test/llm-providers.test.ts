import { describe, expect, it } from "vitest";
import { InvalidConfigError, LLMProviderError } from "../src/index.js";
import { ArrayRecorder } from "./helpers/array-recorder.js";
import { fixtureJson, fixtureLines, fixtureSseEvents, fixtureText } from "./helpers/fixtures.js";
import { API_KEY, fixtureDeltas, genieFor, readAll, serveStream } from "./helpers/llm-genie.js";
import { useLLMServer } from "./helpers/llm-server.js";

const local = useLLMServer();

const messages = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Hello?" },
] as const;

describe("openai-compatible provider over HTTP", () => {
  it("posts chat completions with the key and reads text and usage", async () => {
    const body = fixtureJson("openai-chat.json");
    local.server.reply("/v1/chat/completions", { body: JSON.stringify(body) });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "openai-compatible", recorder);

    const result = await genie.llm.chat([...messages], { model: "o4-mini" });

    const sent = local.server.requests[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toMatchObject({ model: "o4-mini", messages, stream: false });
    expect(sent.body.stream_options).toBeUndefined();
    expect(result.text).toBe(body.choices[0].message.content);
    expect(result.model).toBe(body.model);
    expect(result.usage.promptTokens).toBe(body.usage.prompt_tokens);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      providerId: "openai-compatible",
      modelName: body.model,
      promptTokens: body.usage.prompt_tokens,
      cachedPromptTokens: body.usage.prompt_tokens_details.cached_tokens,
      callType: "chat",
    });
  });

  it("always asks for usage on streams and records the final chunk's usage", async () => {
    const file = "openai-chat-stream.sse";
    serveStream(local.server, "/v1/chat/completions", file);
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "openai-compatible", recorder);

    const stream = await genie.llm.chat([...messages], { stream: true });
    const deltas = await readAll(stream);

    expect(local.server.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(deltas).toEqual(fixtureDeltas(file));
    const events = fixtureSseEvents(file);
    const final = events[events.length - 1].usage;
    expect(await stream.usage).toMatchObject({ totalTokens: final.total_tokens, isComplete: true });
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      promptTokens: final.prompt_tokens,
      completionTokens: final.completion_tokens,
      totalTokens: final.total_tokens,
      cachedPromptTokens: final.prompt_tokens_details.cached_tokens,
      customTags: null,
    });
  });

  it("records the last running usage of a continuous-usage stream", async () => {
    const file = "openai-chat-stream-continuous.sse";
    serveStream(local.server, "/v1/chat/completions", file);
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "openai-compatible", recorder);

    await readAll(await genie.llm.chat([...messages], { stream: true }));

    const events = fixtureSseEvents(file);
    const last = events[events.length - 1].usage;
    expect(recorder.records.map((r) => r.completionTokens)).toEqual([last.completion_tokens]);
  });

  it("rejects a server error with its status, never the API key, and records nothing", async () => {
    local.server.reply("/v1/chat/completions", {
      status: 500,
      body: JSON.stringify({ error: { message: `upstream rejected key ${API_KEY}` } }),
    });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "openai-compatible", recorder);

    const error = await genie.llm.chat([...messages]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMProviderError);
    expect(error).toMatchObject({ status: 500, code: "LLM_PROVIDER_ERROR" });
    expect(String((error as Error).message)).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    const streamed = await genie.llm.chat([...messages], { stream: true }).catch((e) => e);
    expect(streamed).toMatchObject({ status: 500 });
    expect(recorder.records).toHaveLength(0);
  });

  it("a stream cut in the middle fails the read and records once, incomplete", async () => {
    const file = "openai-chat-stream.sse";
    serveStream(local.server, "/v1/chat/completions", file, 900);
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "openai-compatible", recorder);

    const stream = await genie.llm.chat([...messages], { stream: true });
    const error = await readAll(stream).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LLMProviderError);
    expect((await stream.usage).isComplete).toBe(false);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      providerId: "openai-compatible",
      promptTokens: null,
      customTags: { incomplete: true },
    });
  });
});

describe("anthropic provider over HTTP", () => {
  it("posts /v1/messages with its headers, system apart, and reads text blocks only", async () => {
    const body = fixtureJson("anthropic-message.json");
    local.server.reply("/v1/messages", { body: JSON.stringify(body) });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "anthropic", recorder);

    const result = await genie.llm.chat([...messages]);

    const sent = local.server.requests[0]!;
    expect(sent.headers["x-api-key"]).toBe(API_KEY);
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.body).toMatchObject({
      model: "test-model",
      system: "Be brief.",
      messages: [{ role: "user", content: "Hello?" }],
      max_tokens: 1024,
      stream: false,
    });
    const text = body.content.filter((b: { type: string }) => b.type === "text");
    expect(result.text).toBe(text.map((b: { text: string }) => b.text).join(""));
    const u = body.usage;
    expect(recorder.records[0]).toMatchObject({
      providerId: "anthropic",
      modelName: body.model,
      promptTokens: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
      cachedPromptTokens: u.cache_read_input_tokens,
      cacheWriteTokens: u.cache_creation_input_tokens,
      completionTokens: u.output_tokens,
    });
  });

  it("streams text deltas (not thinking) and records 25 / 15 / 40", async () => {
    const file = "anthropic-stream.sse";
    serveStream(local.server, "/v1/messages", file);
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "anthropic", recorder);

    const stream = await genie.llm.chat([...messages], { stream: true });
    expect(await readAll(stream)).toEqual(fixtureDeltas(file));

    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      promptTokens: 25,
      completionTokens: 15,
      totalTokens: 40,
      customTags: null,
    });
  });

  it("a stream cut after message_start records the input count as incomplete", async () => {
    const file = "anthropic-stream.sse";
    const first = fixtureSseEvents(file)[0];
    serveStream(local.server, "/v1/messages", file, 700);
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "anthropic", recorder);

    const stream = await genie.llm.chat([...messages], { stream: true });
    await expect(readAll(stream)).rejects.toBeInstanceOf(LLMProviderError);

    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      promptTokens: first.message.usage.input_tokens,
      customTags: { incomplete: true },
    });
  });

  it("an error event inside the stream fails the read and records what is known", async () => {
    const start = fixtureText("anthropic-stream.sse").split("\n\n")[0];
    const error = { type: "error", error: { type: "overloaded_error", message: "Overloaded" } };
    local.server.reply("/v1/messages", {
      contentType: "text/event-stream",
      body: `${start}\n\nevent: error\ndata: ${JSON.stringify(error)}\n\n`,
    });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "anthropic", recorder);

    const stream = await genie.llm.chat([...messages], { stream: true });
    await expect(readAll(stream)).rejects.toThrow(/Overloaded/);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]!.customTags).toEqual({ incomplete: true });
  });

  it("an unreachable server rejects with no status", async () => {
    const genie = await genieFor(local.server, "anthropic", new ArrayRecorder(), {
      baseURL: "http://127.0.0.1:1",
    });
    const error = await genie.llm.chat([...messages]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMProviderError);
    expect((error as LLMProviderError).status).toBeNull();
    expect((error as Error).message).toContain("http://127.0.0.1:1/v1/messages");
  });

  it("refuses a baseURL with credentials at start-up, without printing them", async () => {
    const error = await genieFor(local.server, "anthropic", new ArrayRecorder(), {
      baseURL: "http://proxy-user:hunter2@127.0.0.1:1",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as Error).message).toContain("baseURL must not carry credentials");
    expect((error as Error).message).not.toContain("hunter2");
  });
});

describe("ollama provider over HTTP", () => {
  it("chat uses /api/chat and generate uses /api/generate", async () => {
    const chat = fixtureJson("ollama-chat.json");
    const generate = fixtureJson("ollama-generate.json");
    local.server.reply("/api/chat", { body: JSON.stringify(chat) });
    local.server.reply("/api/generate", { body: JSON.stringify(generate) });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "ollama", recorder);

    const a = await genie.llm.chat([...messages], { maxTokens: 64 });
    const b = await genie.llm.generate("Why is the sky blue?");

    expect(local.server.requests.map((r) => r.path)).toEqual(["/api/chat", "/api/generate"]);
    expect(local.server.requests[0]!.body).toMatchObject({
      stream: false,
      options: { num_predict: 64 },
    });
    expect(local.server.requests[1]!.body).toMatchObject({ prompt: "Why is the sky blue?" });
    expect(a.text).toBe(chat.message.content);
    expect(b.text).toBe(generate.response);
    expect(recorder.records.map((r) => [r.callType, r.promptTokens, r.completionTokens])).toEqual([
      ["chat", chat.prompt_eval_count, chat.eval_count],
      ["generate", generate.prompt_eval_count, generate.eval_count],
    ]);
  });

  it.each([
    ["chat", "/api/chat", "ollama-chat-stream.ndjson"],
    ["generate", "/api/generate", "ollama-generate-stream.ndjson"],
  ] as const)("%s streams NDJSON and records the done line", async (kind, path, file) => {
    serveStream(local.server, path, file);
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "ollama", recorder);

    const stream =
      kind === "chat"
        ? await genie.llm.chat([...messages], { stream: true })
        : await genie.llm.generate("Boiling point?", { stream: true });
    expect(await readAll(stream)).toEqual(fixtureDeltas(file));

    const done = fixtureLines(file).find((e) => e.done);
    expect(recorder.records).toHaveLength(1);
    expect(recorder.records[0]).toMatchObject({
      providerId: "ollama",
      modelName: done.model,
      promptTokens: done.prompt_eval_count,
      completionTokens: done.eval_count,
      callType: kind,
      customTags: null,
    });
  });

  it("a prompt served from cache records promptTokens null, not zero", async () => {
    const body = fixtureJson("ollama-chat-cached-prompt.json");
    local.server.reply("/api/chat", { body: JSON.stringify(body) });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "ollama", recorder);

    await genie.llm.chat([...messages]);

    expect(recorder.records[0]).toMatchObject({
      promptTokens: null,
      completionTokens: body.eval_count,
      totalTokens: body.eval_count,
    });
  });

  it("a server error on a stream rejects the call with the status", async () => {
    local.server.reply("/api/chat", { status: 500, body: '{"error":"model runner crashed"}' });
    const recorder = new ArrayRecorder();
    const genie = await genieFor(local.server, "ollama", recorder);

    const error = await genie.llm.chat([...messages], { stream: true }).catch((e) => e);
    expect(error).toBeInstanceOf(LLMProviderError);
    expect(error.status).toBe(500);
    expect(error.message).toContain("model runner crashed");
    expect(recorder.records).toHaveLength(0);
  });
});

describe("base URLs with a query string", () => {
  const cases = [
    ["openai-compatible", "/openai/deployments/d1", "/chat/completions", "openai-chat.json"],
    ["anthropic", "/proxy/", "/v1/messages", "anthropic-message.json"],
    ["ollama", "", "/api/chat", "ollama-chat.json"],
  ] as const;

  for (const [llm, basePath, apiPath, fixture] of cases) {
    it(`${llm}: the path goes to the pathname and the base URL's query is kept`, async () => {
      const expectedPath = `${basePath.replace(/\/$/, "")}${apiPath}`;
      local.server.reply(expectedPath, { body: fixtureText(fixture) });
      const genie = await genieFor(local.server, llm, new ArrayRecorder(), {
        baseURL: `${local.server.url}${basePath}?api-version=2024-10-21`,
      });

      await genie.llm.chat([...messages]);

      expect(local.server.requests[0]).toMatchObject({
        path: expectedPath,
        query: "?api-version=2024-10-21",
      });
    });
  }

  it("a key in the base URL's query never reaches an error message", async () => {
    const secret = "q-secret-51d0e2";
    local.server.reply("/v1/chat/completions", { status: 503, body: '{"error":"busy"}' });
    const genie = await genieFor(local.server, "openai-compatible", new ArrayRecorder(), {
      baseURL: `${local.server.url}/v1?api-version=1&key=${secret}`,
    });

    const error = await genie.llm.chat([...messages]).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 503 });
    expect(local.server.requests[0]).toMatchObject({ path: "/v1/chat/completions" });
    expect(local.server.requests[0]!.query).toContain(secret);
    expect((error as Error).message).toContain("key=***");
    expect((error as Error).message).not.toContain(secret);
  });
});
