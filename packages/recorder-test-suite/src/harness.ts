import type { UsageRecorder } from "@genie/usage-core";
import { it } from "vitest";
import type { ConformanceTarget } from "./types.js";

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Tracks every recorder a test makes so that, after the test, each one still
 * open is closed and each store is dropped, even when the test failed.
 */
export class Harness {
  readonly target: ConformanceTarget;
  readonly timeoutMs: number;
  #made: UsageRecorder[] = [];
  #closed = new Set<UsageRecorder>();

  constructor(target: ConformanceTarget) {
    this.target = target;
    this.timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get isPersistent(): boolean {
    return this.target.capabilities?.persistent === true;
  }

  /** Registers one test with the target's timeout. */
  test(name: string, body: () => Promise<void>): void {
    it(name, body, this.timeoutMs);
  }

  async fresh(): Promise<UsageRecorder> {
    const recorder = await this.target.createRecorder();
    this.#made.push(recorder);

    return recorder;
  }

  /** Closes `recorder` and opens a new instance over the same store. */
  async closeAndReopen(recorder: UsageRecorder): Promise<UsageRecorder> {
    const reopen = this.target.reopenRecorder;
    if (!reopen) {
      throw new Error(
        `${this.target.name}: capabilities.persistent is set, so the target must give reopenRecorder.`,
      );
    }
    await this.close(recorder);
    const reopened = await reopen.call(this.target, recorder);
    this.#made.push(reopened);

    return reopened;
  }

  async close(recorder: UsageRecorder): Promise<void> {
    this.#closed.add(recorder);
    await recorder.close();
  }

  /** For recorders closed elsewhere (by a Genie facade that owned them). */
  markClosed(recorder: UsageRecorder): void {
    this.#closed.add(recorder);
  }

  async cleanup(): Promise<void> {
    const made = this.#made;
    const closed = this.#closed;
    this.#made = [];
    this.#closed = new Set();
    const errors: unknown[] = [];
    for (const recorder of made) {
      if (closed.has(recorder)) continue;
      await recorder.close().catch((error: unknown) => errors.push(error));
    }
    for (const recorder of made.reverse()) {
      await this.target.destroyRecorder
        ?.call(this.target, recorder)
        .catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) throw errors[0];
  }
}
