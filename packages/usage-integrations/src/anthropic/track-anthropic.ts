import type Anthropic from "@anthropic-ai/sdk";
import { resolveAttribution } from "@genie/usage-core";
import { checkAttribution } from "../check-attribution.js";
import { type CreateCall, trackCreate } from "../tracked-create.js";
import type { UsageAttribution, UsageSink } from "../types.js";

/**
 * A copy of `client` (same type, same options) whose `messages.create` records
 * each call's usage into `usage`, with `stream: true` too. `messages.stream`
 * and `messages.parse` call it, so they record as well. The client passed in is
 * left as it was.
 */
export function trackAnthropic<Client extends Anthropic>(
  client: Client,
  usage: UsageSink,
  attribution?: UsageAttribution,
): Client {
  checkAttribution(attribution);
  const tracked = client.withOptions({});
  const { messages } = tracked;
  const create = messages.create.bind(messages) as unknown as CreateCall;
  messages.create = trackCreate(create, tracked, (body) => ({
    usage,
    attribution: resolveAttribution(attribution ?? {}, "chat", "attribution"),
    providerId: attribution?.providerId ?? "anthropic",
    requestedModel: body?.model,
    format: "anthropic",
  })) as unknown as typeof messages.create;

  return tracked;
}
