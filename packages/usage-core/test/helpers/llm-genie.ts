import { Genie, type UsageRecorder } from "../../src/index.js";
import { ArrayRecorder } from "./array-recorder.js";
import { fixtureLines, fixtureSseEvents, fixtureText, type Json } from "./fixtures.js";
import type { LLMServer } from "./llm-server.js";

export const API_KEY = "sk-test-7f3a9c1e5b2d4086";

/** The path prefix each built-in provider's baseURL gets on the test server. */
const BASE_PATHS: Record<string, string> = {
  "openai-compatible": "/v1",
  anthropic: "",
  ollama: "",
};

/** A Genie over the test server with one built-in provider and a recorder. */
export async function genieFor(
  server: LLMServer,
  llm: "openai-compatible" | "anthropic" | "ollama",
  recorder: UsageRecorder = new ArrayRecorder(),
  options: Record<string, unknown> = {},
): Promise<Genie> {
  return Genie.create({
    features: { tokenUsageRecorder: recorder, llm },
    llmProviderConfigurations: {
      [llm]: {
        baseURL: server.url + BASE_PATHS[llm],
        apiKey: API_KEY,
        model: "test-model",
        ...options,
      },
    },
    env: {},
  });
}

/** Serves a fixture transcript as the stream of `path`, in small pieces. */
export function serveStream(server: LLMServer, path: string, file: string, cutAfterBytes?: number) {
  server.reply(path, {
    contentType: file.endsWith(".ndjson") ? "application/x-ndjson" : "text/event-stream",
    body: fixtureText(file),
    pieceBytes: 37,
    ...(cutAfterBytes === undefined ? {} : { cutAfterBytes }),
  });
}

/** The text deltas of a transcript, read straight from the fixture. */
export function fixtureDeltas(file: string): string[] {
  if (file.endsWith(".ndjson")) {
    return fixtureLines(file)
      .map((e: Json) => e.message?.content ?? e.response ?? "")
      .filter((t: string) => t.length > 0);
  }
  return fixtureSseEvents(file)
    .map((e: Json) =>
      e.type === "content_block_delta"
        ? e.delta.type === "text_delta"
          ? e.delta.text
          : ""
        : (e.choices?.[0]?.delta?.content ?? ""),
    )
    .filter((t: string) => t.length > 0);
}

export async function readAll(stream: AsyncIterable<string>): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of stream) deltas.push(delta);

  return deltas;
}
