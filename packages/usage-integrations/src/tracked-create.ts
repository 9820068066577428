import { type CallScope, recordResponse, usageTap } from "./observe-call.js";
import { isSdkStream, mapApiResult, tapStream } from "./sdk-call.js";

/** A request body as far as tracking reads it. */
export interface TrackedBody {
  model?: string | null;
  stream?: boolean | null;
}

/** An SDK's `create(body, options)`, loosely typed: the tracked client keeps the SDK's types. */
export type CreateCall = (body: TrackedBody, options?: unknown) => PromiseLike<unknown>;

/** What a streamed call sends, and what its caller sees of each item. */
export interface StreamPlan {
  body: TrackedBody;
  show(item: unknown): unknown;
}

const passThrough = (body: TrackedBody): StreamPlan => ({ body, show: (item) => item });

/**
 * `create` that records each call: a whole response when it is parsed, a stream
 * once when it ends. `planStream` may change a streamed request (to ask for
 * usage) and hide from the caller what was asked for it alone.
 */
export function trackCreate(
  create: CreateCall,
  client: unknown,
  scopeOf: (body: TrackedBody) => CallScope,
  planStream: (body: TrackedBody) => StreamPlan = passThrough,
): CreateCall {
  return (body, options) => {
    const scope = scopeOf(body);
    if (!body?.stream) {
      return mapApiResult(create(body, options), (data) => recordResponse(scope, data));
    }
    const plan = planStream(body);

    return mapApiResult(create(plan.body, options), (stream) =>
      isSdkStream(stream) ? tapStream(stream, client, usageTap(scope, plan.show)) : stream,
    );
  };
}
