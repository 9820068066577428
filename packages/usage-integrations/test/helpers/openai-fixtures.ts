import type { FixtureServer, SseEvent } from "./fixture-server.js";
import { readFixture } from "./fixture-server.js";

// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON
type Json = any;

export const chatCompletion = readFixture<Json>("openai-chat-completion.json");
export const chatStream = readFixture<{ chunks: Json[]; usage: Json }>("openai-chat-stream.json");
export const response = readFixture<Json>("openai-responses.json");
export const responseStream = readFixture<SseEvent[]>("openai-responses-stream.json");

/**
 * The chunks OpenAI sends for a streamed chat completion: with
 * `stream_options.include_usage`, every chunk carries `usage: null` and one
 * last chunk with empty `choices` carries the usage.
 */
export function chatStreamEvents(includeUsage: boolean, chunks = chatStream.chunks): SseEvent[] {
  if (!includeUsage) return chunks.map((data) => ({ data }));
  const last = chunks[chunks.length - 1];
  const usageChunk = { ...last, choices: [], usage: chatStream.usage };

  return [...chunks.map((c) => ({ data: { ...c, usage: null } })), { data: usageChunk }];
}

/** Serves chat completions and responses, streamed or not, from the fixtures. */
export function serveOpenAI(server: FixtureServer): void {
  server.on("/v1/chat/completions", (body) => {
    if (!body.stream) return { json: chatCompletion };
    const options = body.stream_options as { include_usage?: boolean } | undefined;

    return { sse: [...chatStreamEvents(options?.include_usage === true), { data: "[DONE]" }] };
  });
  server.on("/v1/responses", (body) =>
    body.stream ? { sse: responseStream } : { json: response },
  );
}
