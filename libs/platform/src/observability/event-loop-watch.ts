import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The event loop's delay over one window, in milliseconds. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** A delay above this at the median of a window, window after window, is said in the log. */
export const LOOP_WARN_MS = 100;

/**
 * When to warn: after `windows` windows in a row whose median delay was above `thresholdMs` (the loop
 * stays slow, rather than one long task), then not again until a window is back under it.
 */
export class LoopDelayAlarm {
  private slowWindows = 0;
  private warned = false;

  constructor(
    private readonly thresholdMs = LOOP_WARN_MS,
    private readonly windows = 2,
  ) {}

  /** Answers the warning to log for this window, if any. */
  observe(delay: LoopDelay, windowMs: number): string | undefined {
    if (delay.p50 <= this.thresholdMs) {
      this.slowWindows = 0;
      this.warned = false;
      return undefined;
    }
    this.slowWindows += 1;
    if (this.warned || this.slowWindows < this.windows) return undefined;
    this.warned = true;
    const seconds = Math.round((this.slowWindows * windowMs) / 1000);
    return (
      `event loop delay above ${this.thresholdMs} ms for ${seconds} s (p50 ${Math.round(delay.p50)} ms, ` +
      `p99 ${Math.round(delay.p99)} ms, max ${Math.round(delay.max)} ms): sockets and requests wait that long`
    );
  }
}

/**
 * Samples the event loop's delay (perf_hooks, 10 ms resolution) in windows of `windowMs`: `last()` is the
 * last full window, which /metrics shows, and each window goes through the alarm.
 */
export class EventLoopWatch {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly timer: NodeJS.Timeout;
  private readonly alarm = new LoopDelayAlarm();
  private window: LoopDelay = { p50: 0, p99: 0, max: 0 };

  constructor(
    private readonly warn: (line: string) => void,
    private readonly windowMs = 5_000,
  ) {
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  last(): LoopDelay {
    return this.window;
  }

  private roll(): void {
    const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
    this.window = {
      p50: ms(this.histogram.percentile(50)),
      p99: ms(this.histogram.percentile(99)),
      max: ms(this.histogram.max),
    };
    this.histogram.reset();
    const line = this.alarm.observe(this.window, this.windowMs);
    if (line) this.warn(line);
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
