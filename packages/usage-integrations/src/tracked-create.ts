import { type CallScope, recordResponse, usageTap } from "./observe-call.js";
import { noteFailure } from "./record-in-background.js";
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
      let isRecorded = false;
      const recordOnce = (data: unknown): unknown => {
        if (isRecorded) return data;
        isRecorded = true;
        return recordResponse(scope, data);
      };

      const result = mapApiResult(create(body, options), recordOnce);

      return recordRawResponse(result, recordOnce, (error) => noteFailure(scope.usage, error));
    }
    const plan = planStream(body);

    return mapApiResult(create(plan.body, options), (stream) =>
      isSdkStream(stream) ? tapStream(stream, client, usageTap(scope, plan.show)) : stream,
    );
  };
}

interface RawResponsePromise {
  asResponse?: () => Promise<Response>;
}

/**
 * `.asResponse()` gives the raw Response and skips the SDK's parsing, where
 * a call is recorded: the usage is read from a clone of the body instead. A
 * body the SDK is already reading (`.withResponse()`) cannot be cloned; the
 * parse records it then.
 */
function recordRawResponse<T>(
  promise: PromiseLike<T>,
  record: (body: unknown) => unknown,
  onError: (error: unknown) => void,
): PromiseLike<T> {
  const raw = promise as PromiseLike<T> & RawResponsePromise;
  const asResponse = raw.asResponse;
  if (typeof asResponse !== "function") return promise;
  raw.asResponse = async () => {
    const response = await asResponse.call(raw);
    let copy: Response | undefined;
    try {
      copy = response.clone();
    } catch {
      // Already being read by the SDK's own parse, which records the call.
    }
    copy?.json().then(record, (error: unknown) => onError(error));

    return response;
  };

  return promise;
}
