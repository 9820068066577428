import type { StreamPlan, TrackedBody } from "../tracked-create.js";

interface ChatBody extends TrackedBody {
  stream_options?: { include_usage?: boolean | null } | null;
}

interface Chunk {
  choices?: unknown[];
  usage?: unknown;
}

/**
 * A streamed chat completion always asks for usage (`stream_options.include_usage`).
 * When the caller did not, the `usage` field and the usage-only last chunk are
 * kept from them: they see the stream the server would have sent without it.
 */
export function planChatStream(body: ChatBody): StreamPlan {
  if (body.stream_options?.include_usage === true) return { body, show: (chunk) => chunk };

  const asking: ChatBody = {
    ...body,
    stream_options: { ...body.stream_options, include_usage: true },
  };

  return { body: asking, show: (chunk) => withoutUsage(chunk as Chunk) };
}

function withoutUsage(chunk: Chunk): Chunk | undefined {
  if (typeof chunk !== "object" || chunk === null || !("usage" in chunk)) return chunk;
  if (chunk.usage && Array.isArray(chunk.choices) && chunk.choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = chunk;

  return rest;
}
