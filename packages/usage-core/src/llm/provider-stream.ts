import { GenieUsageError, LLMProviderError, messageOf } from "../errors.js";
import { createStreamUsageAccumulator } from "../extraction/extract-usage.js";
import type { UsageFormat } from "../extraction/types.js";
import { type HttpTarget, isAbortError, redact } from "./http.js";
import { readNdjson, readSseData } from "./read-lines.js";
import type { LLMProviderStream } from "./types.js";

export interface ProviderStreamOptions {
  readonly target: HttpTarget;
  readonly response: Response;
  readonly framing: "sse" | "ndjson";
  readonly format: UsageFormat;
  /** The caller's signal: an abort with any reason surfaces as that reason. */
  readonly signal: AbortSignal | undefined;
  /** The text delta an event carries, if any. */
  deltaOf(event: Record<string, unknown>): string | null;
  /** The error a server reports inside a stream, if the event is one. */
  errorOf(event: Record<string, unknown>): string | null;
}

function parseEvent(target: HttpTarget, payload: string): Record<string, unknown> {
  try {
    return JSON.parse(payload) as Record<string, unknown>;
  } catch (error) {
    throw new LLMProviderError(target.providerId, "sent a stream event that is not JSON.", {
      cause: error,
    });
  }
}

/**
 * Reads an SSE or NDJSON body into text deltas, feeding every event to the
 * format's usage accumulator. A read that fails (connection cut) rejects with
 * an LLMProviderError; an abort rejects as the abort.
 */
export function createProviderStream(options: ProviderStreamOptions): LLMProviderStream {
  const { target, response, framing, format, signal } = options;
  if (!response.body) throw new LLMProviderError(target.providerId, "answered without a body.");
  const reader = response.body.getReader();
  const accumulator = createStreamUsageAccumulator(format);
  let isClaimed = false;

  async function* deltas(): AsyncGenerator<string> {
    try {
      const payloads = framing === "sse" ? readSseData(reader) : readNdjson(reader);
      for await (const batch of payloads) {
        for (const payload of batch) {
          // OpenAI's end marker: whatever a server sends after it is not part of the answer.
          if (payload === "[DONE]") return;
          const event = parseEvent(target, payload);
          accumulator.push(event);
          const error = options.errorOf(event);
          if (error !== null) {
            throw new LLMProviderError(target.providerId, redact(error, target.secrets), {
              status: response.status,
            });
          }
          const delta = options.deltaOf(event);
          if (delta) yield delta;
        }
      }
    } catch (error) {
      if (isAbortError(error) || signal?.aborted || error instanceof GenieUsageError) throw error;
      const reason = redact(messageOf(error), target.secrets);
      throw new LLMProviderError(target.providerId, `stream interrupted: ${reason}`, {
        status: response.status,
        cause: error,
      });
    } finally {
      // Releases the connection when the reader stops early; harmless after the end.
      await reader.cancel().catch(() => {});
    }
  }

  return {
    [Symbol.asyncIterator]() {
      if (isClaimed) throw new TypeError("A provider stream can be iterated only once.");
      isClaimed = true;
      return deltas();
    },
    usage: () => accumulator.result(),
    cancel: () => reader.cancel().catch(() => {}),
  };
}
