import type { StreamRun } from "./stream-run.js";
import type { LLMStream, LLMStreamResult } from "./types.js";

/**
 * Ends runs whose stream object was collected before anyone read it: a stream
 * never iterated still records once, as incomplete.
 */
const unreadStreams = new FinalizationRegistry<StreamRun>((run) => {
  if (!run.isClaimed) run.finish(true);
});

/** The caller's handle on a StreamRun; it holds the run, never the reverse. */
class RunStream implements LLMStream {
  readonly #run: StreamRun;
  readonly #describe: (run: StreamRun) => Promise<LLMStreamResult>;

  constructor(run: StreamRun, describe: (run: StreamRun) => Promise<LLMStreamResult>) {
    this.#run = run;
    this.#describe = describe;
    unreadStreams.register(this, run, run);
  }

  get usage(): LLMStream["usage"] {
    return this.#run.usage;
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return this.#run.read();
  }

  async result(): Promise<LLMStreamResult> {
    if (!this.#run.isClaimed) for await (const _ of this.#run.read());

    return this.#describe(this.#run);
  }

  async cancel(): Promise<void> {
    this.#run.finish(true);
    await this.#run.usage;
  }
}

export function createLLMStream(
  run: StreamRun,
  describe: (run: StreamRun) => Promise<LLMStreamResult>,
): LLMStream {
  return new RunStream(run, describe);
}

/** Drops the finaliser of a run that has finished. */
export function forgetRun(run: StreamRun): void {
  unreadStreams.unregister(run);
}
