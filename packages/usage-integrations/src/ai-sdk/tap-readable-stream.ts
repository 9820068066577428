/** What a tapped stream does with each chunk, and once when it ends. */
export interface ReadableTap<T> {
  onItem(item: T): void;
  /** `complete` is false when the stream failed or its reader cancelled it. */
  onEnd(complete: boolean): void;
}

/**
 * The same chunks as `source`, watched by `tap`. Built on a reader rather than a
 * TransformStream so that a cancel by the consumer is seen (Node 20's
 * TransformStream has no cancel hook).
 */
export function tapReadableStream<T>(
  source: ReadableStream<T>,
  tap: ReadableTap<T>,
): ReadableStream<T> {
  const reader = source.getReader();
  let hasEnded = false;
  const end = (complete: boolean): void => {
    if (hasEnded) return;
    hasEnded = true;
    tap.onEnd(complete);
  };

  return new ReadableStream<T>({
    async pull(controller) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        end(false);
        controller.error(error);
        return;
      }
      if (next.done) {
        end(true);
        controller.close();
        return;
      }
      watch(tap, next.value);
      controller.enqueue(next.value);
    },
    async cancel(reason) {
      end(false);
      await reader.cancel(reason);
    },
  });
}

function watch<T>(tap: ReadableTap<T>, item: T): void {
  try {
    tap.onItem(item);
  } catch {
    // Watching must never break the stream; a broken watch shows as missing usage.
  }
}
