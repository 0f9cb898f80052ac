import { EventLoopWatch, LoopDelayAlarm } from './event-loop-watch';

const slow = { p50: 150, p99: 400, max: 900 };
const quick = { p50: 2, p99: 20, max: 40 };

describe('LoopDelayAlarm', () => {
  it('warns once the median delay stays above 100 ms for two windows, and not again while it stays', () => {
    const alarm = new LoopDelayAlarm();
    expect(alarm.observe(slow, 5_000)).toBeUndefined();
    expect(alarm.observe(slow, 5_000)).toBe(
      'event loop delay above 100 ms for 10 s (p50 150 ms, p99 400 ms, max 900 ms): sockets and requests wait that long',
    );
    expect(alarm.observe(slow, 5_000)).toBeUndefined();
  });

  it('says nothing of one slow window, and warns again after the loop recovered and slowed again', () => {
    const alarm = new LoopDelayAlarm();
    expect([slow, quick, slow, quick].map((d) => alarm.observe(d, 5_000))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    alarm.observe(slow, 5_000);
    expect(alarm.observe(slow, 5_000)).toContain('above 100 ms');
    alarm.observe(quick, 5_000);
    alarm.observe(slow, 5_000);
    expect(alarm.observe(slow, 5_000)).toContain('above 100 ms');
  });

  it('reads a p99 above the threshold with a quick median as no alarm (one long task is not a slow loop)', () => {
    const alarm = new LoopDelayAlarm();
    const spiky = { p50: 5, p99: 300, max: 300 };
    expect([spiky, spiky, spiky].map((d) => alarm.observe(d, 5_000))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('EventLoopWatch', () => {
  it('measures a loop blocked for 250 ms at a time and warns once every window is that slow', async () => {
    const warnings: string[] = [];
    const watch = new EventLoopWatch((line) => warnings.push(line), 600);
    try {
      // Block the loop for 250 ms at a time, letting it turn in between, until the watch warns: each window's
      // median delay is far above 100 ms. On a busy machine the windows come late; the deadline is generous.
      const deadline = Date.now() + 15_000;
      while (warnings.length === 0 && Date.now() < deadline) {
        const stop = Date.now() + 250;
        while (Date.now() < stop) {
          /* busy: the loop cannot turn */
        }
        await new Promise((r) => setImmediate(r));
      }
      expect(warnings.length).toBe(1);
      expect(warnings[0]).toMatch(/^event loop delay above 100 ms/);
    } finally {
      watch.stop();
    }
  });
});
