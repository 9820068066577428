/**
 * The parts of the OpenAI and Anthropic SDKs' `APIPromise` and `Stream` this
 * package relies on. Both SDKs share this shape; keeping to it lets a tracked
 * `create` return the SDK's own classes, so `.withResponse()`, `.tee()` and the
 * SDKs' stream helpers keep working.
 */
interface UnwrappablePromise<T> extends PromiseLike<T> {
  _thenUnwrap?<U>(transform: (data: T) => U): PromiseLike<U>;
}

export interface SdkStream<T> extends AsyncIterable<T> {
  controller: AbortController;
}

type SdkStreamConstructor<T> = new (
  iterator: () => AsyncIterator<T>,
  controller: AbortController,
  client?: unknown,
) => SdkStream<T>;

/** What a tracked stream does with each item, and once when it ends. */
export interface StreamTap<T> {
  /** Returns the item to pass on, or `undefined` to hide it from the caller. */
  onItem(item: T): T | undefined;
  /** `complete` is false when the stream was aborted, broken off or failed. */
  onEnd(complete: boolean): void;
}

/** `promise.then(transform)` that keeps an `APIPromise` an `APIPromise`. */
export function mapApiResult<T, U>(
  promise: PromiseLike<T>,
  transform: (data: T) => U,
): PromiseLike<U> {
  const unwrappable = promise as UnwrappablePromise<T>;
  if (typeof unwrappable._thenUnwrap === "function") return unwrappable._thenUnwrap(transform);

  return Promise.resolve(promise).then(transform);
}

export function isSdkStream(value: unknown): value is SdkStream<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    Symbol.asyncIterator in value &&
    (value as { controller?: unknown }).controller instanceof AbortController
  );
}

/** What ends a tracked stream that nobody started reading; it never holds the stream. */
interface UnreadStream {
  isStarted: boolean;
  readonly controller: AbortController;
  readonly tap: StreamTap<unknown>;
}

/**
 * A tracked stream collected before anyone read it (its iterator never asked
 * for) still records once, as incomplete, and its connection is released.
 */
const unreadStreams = new FinalizationRegistry<UnreadStream>((unread) => {
  if (unread.isStarted) return;
  unread.controller.abort();
  unread.tap.onEnd(false);
});

/**
 * A stream of the same class that passes each item through `tap`. Its
 * iterator is asked for by the first reader, `tee()` or `toReadableStream()`;
 * from then on the tap ends with the reading.
 */
export function tapStream<T>(
  stream: SdkStream<T>,
  client: unknown,
  tap: StreamTap<T>,
): SdkStream<T> {
  const Stream = stream.constructor as SdkStreamConstructor<T>;
  const unread: UnreadStream = {
    isStarted: false,
    controller: stream.controller,
    tap: tap as StreamTap<unknown>,
  };
  const tapped = new Stream(
    () => {
      unread.isStarted = true;
      return tapIterator(stream, tap);
    },
    stream.controller,
    client,
  );
  unreadStreams.register(tapped, unread);

  return tapped;
}

async function* tapIterator<T>(stream: SdkStream<T>, tap: StreamTap<T>): AsyncGenerator<T> {
  let complete = false;
  try {
    for await (const item of stream) {
      const shown = tap.onItem(item);
      if (shown !== undefined) yield shown;
    }
    complete = !stream.controller.signal.aborted;
  } finally {
    tap.onEnd(complete);
  }
}
