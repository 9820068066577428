import type { Logger } from "@genie/usage-core";

const DAY = 86_400_000;

/**
 * Runs retention once soon after start-up and then every `intervalMs`: records
 * older than `days` days are removed with their counters. The timer never keeps
 * the process alive, and a failed run is logged and tried again next time.
 */
export class RetentionTimer {
  readonly #timer: NodeJS.Timeout;
  readonly #first: NodeJS.Timeout;
  #running = false;

  constructor(
    private readonly days: number,
    intervalMs: number,
    private readonly logger: Logger,
    private readonly prune: (cutoff: number) => Promise<number>,
  ) {
    this.#first = setTimeout(() => void this.run(), 0);
    this.#timer = setInterval(() => void this.run(), intervalMs);
    this.#first.unref();
    this.#timer.unref();
  }

  async run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const removed = await this.prune(Date.now() - this.days * DAY);
      if (removed > 0) this.logger.info(`Retention removed ${removed} record(s).`, { removed });
    } catch (error) {
      this.logger.warn(`Retention could not run; it will try again: ${String(error)}`);
    } finally {
      this.#running = false;
    }
  }

  stop(): void {
    clearTimeout(this.#first);
    clearInterval(this.#timer);
  }
}
