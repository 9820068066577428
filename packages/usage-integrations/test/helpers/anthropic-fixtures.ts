import { anthropicCounts } from "./expected.js";
import { type FixtureServer, readFixture, type SseEvent } from "./fixture-server.js";

// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON
type Json = any;

export const message = readFixture<Json>("anthropic-message.json");
export const streamEvents = readFixture<SseEvent[]>("anthropic-stream.json");
/** The `message` of the stream's `message_start` event. */
export const streamStart = (streamEvents[0]!.data as Json).message;
const streamDelta = streamEvents.find((e) => e.event === "message_delta")!.data as Json;

/** A stream's counts: input and cache counts from message_start, output from message_delta. */
export const streamedCounts = anthropicCounts({
  ...streamStart.usage,
  output_tokens: streamDelta.usage.output_tokens,
});

/** Serves the Messages API, streamed or not, from the fixtures. */
export function serveAnthropic(server: FixtureServer): void {
  server.on("/v1/messages", (body) => (body.stream ? { sse: streamEvents } : { json: message }));
}
