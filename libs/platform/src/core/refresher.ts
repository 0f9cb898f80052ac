import type { Logger } from '@nestjs/common';

/**
 * Runs `pickUp` every few seconds and on demand, one run at a time. A caller that asks while a run is under
 * way gets the run after it (shared by every caller meanwhile): the run under way may have read before the
 * caller's own writes committed, and "refreshed" must mean "holds what was committed when I asked".
 */
export class Refresher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private next?: Promise<number>;

  constructor(
    private readonly pickUp: () => Promise<number>,
    private readonly log: Logger,
  ) {}

  /** Answers what `pickUp` answered (how many were new) for a run that started after this call. */
  refresh(): Promise<number> {
    if (!this.running) return this.start();
    this.next ??= this.running
      .catch(() => 0)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  every(ms: number): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.log.warn(`refresh failed: ${String(error)}`));
    }, ms);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private start(): Promise<number> {
    this.running ??= this.pickUp().finally(() => (this.running = undefined));
    return this.running;
  }
}
