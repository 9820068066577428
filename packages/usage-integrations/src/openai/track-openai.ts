import { resolveAttribution, type UsageFormat } from "@genie/usage-core";
import type OpenAI from "openai";
import { checkAttribution } from "../check-attribution.js";
import type { CallScope } from "../observe-call.js";
import { type CreateCall, type TrackedBody, trackCreate } from "../tracked-create.js";
import type { UsageAttribution, UsageSink } from "../types.js";
import { planChatStream } from "./chat-completions.js";

/**
 * A copy of `client` (same type, same options) whose `chat.completions.create`
 * and `responses.create` record each call's usage into `usage`, streamed or not.
 * The SDK's helpers (`parse`, `stream`, `runTools`) go through them too. The
 * client passed in is left as it was.
 */
export function trackOpenAI<Client extends OpenAI>(
  client: Client,
  usage: UsageSink,
  attribution?: UsageAttribution,
): Client {
  checkAttribution(attribution);
  const tracked = client.withOptions({});
  const { completions } = tracked.chat;
  const { responses } = tracked;
  const scopeFor =
    (format: UsageFormat) =>
    (body: TrackedBody): CallScope => ({
      usage,
      attribution: resolveAttribution(attribution ?? {}, "chat", "attribution"),
      providerId: attribution?.providerId ?? "openai",
      requestedModel: body?.model,
      format,
    });
  const chatCreate = completions.create.bind(completions) as unknown as CreateCall;
  const responsesCreate = responses.create.bind(responses) as unknown as CreateCall;
  completions.create = trackCreate(
    chatCreate,
    tracked,
    scopeFor("openai-chat"),
    planChatStream,
  ) as unknown as typeof completions.create;
  responses.create = trackCreate(
    responsesCreate,
    tracked,
    scopeFor("openai-responses"),
  ) as unknown as typeof responses.create;

  return tracked;
}
