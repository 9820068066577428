import type { StreamUsage } from "../extraction/types.js";
import type { LLMProviderStream } from "./types.js";

/**
 * The state of one streaming call, kept apart from the LLMStream object the
 * caller holds so that a finaliser can end it when that object is collected.
 * `finish` runs once, whatever ends the stream first.
 */
export class StreamRun {
  readonly usage: Promise<StreamUsage>;
  readonly #source: LLMProviderStream;
  readonly #onFinish: (usage: StreamUsage) => void;
  #resolveUsage!: (usage: StreamUsage) => void;
  #text = "";
  #isClaimed = false;
  #isFinished = false;
  #abort: { reason: unknown } | null = null;

  constructor(source: LLMProviderStream, onFinish: (usage: StreamUsage) => void) {
    this.#source = source;
    this.#onFinish = onFinish;
    this.usage = new Promise((resolve) => {
      this.#resolveUsage = resolve;
    });
  }

  get text(): string {
    return this.#text;
  }

  get isClaimed(): boolean {
    return this.#isClaimed;
  }

  /**
   * The text deltas. Only the first reader reads the provider; any later one
   * ends at once. Reading to the end finishes the run; stopping early
   * (break, return, throw, abort, a cut connection) finishes it as abandoned.
   */
  async *read(): AsyncGenerator<string> {
    if (this.#isClaimed) return;
    this.#isClaimed = true;
    // Aborted before anyone read: the first reader learns why, as one reading would.
    if (this.#abort) throw this.#abort.reason;
    if (this.#isFinished) return;
    let hasEnded = false;
    try {
      for await (const delta of this.#source) {
        this.#text += delta;
        yield delta;
      }
      hasEnded = true;
    } finally {
      this.finish(!hasEnded);
    }
  }

  /** The signal aborted: finishes as abandoned; a first read later rejects with `reason`. */
  abort(reason: unknown): void {
    if (!this.#isFinished && !this.#isClaimed) this.#abort = { reason };
    this.finish(true);
  }

  /** Records once: the usage known now, complete only if the stream ended with its usage. */
  finish(isAbandoned: boolean): void {
    if (this.#isFinished) return;
    this.#isFinished = true;
    if (isAbandoned) void this.#source.cancel();
    const known = this.#source.usage();
    const usage: StreamUsage = { ...known, isComplete: known.isComplete && !isAbandoned };
    try {
      this.#onFinish(usage);
    } finally {
      this.#resolveUsage(usage);
    }
  }
}
