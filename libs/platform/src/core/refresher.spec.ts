import { Logger } from '@nestjs/common';
import { Refresher } from './refresher';

/** A pickUp whose runs end when the test says, counting how many started. */
function controlledPickUp() {
  const ends: (() => void)[] = [];
  let started = 0;
  const pickUp = () =>
    new Promise<number>((resolve) => {
      const run = ++started;
      ends.push(() => resolve(run));
    });
  return { pickUp, ends, started: () => started };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Refresher', () => {
  it('runs once for callers that ask while nothing runs', async () => {
    const c = controlledPickUp();
    const refresher = new Refresher(c.pickUp, new Logger('test'));
    const a = refresher.refresh();
    const b = refresher.refresh();
    expect(c.started()).toBe(1);
    c.ends[0]();
    // b asked while run 1 was under way: it waits for a run that started after it asked.
    expect(await a).toBe(1);
    await flush();
    expect(c.started()).toBe(2);
    c.ends[1]();
    expect(await b).toBe(2);
  });

  it('gives every caller during a run the same next run, never two at once', async () => {
    const c = controlledPickUp();
    const refresher = new Refresher(c.pickUp, new Logger('test'));
    void refresher.refresh();
    const later = [refresher.refresh(), refresher.refresh(), refresher.refresh()];
    c.ends[0]();
    await flush();
    expect(c.started()).toBe(2);
    c.ends[1]();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    expect(c.started()).toBe(2);
  });

  it('runs the next one even when the run under way failed', async () => {
    let runs = 0;
    let fail!: (e: Error) => void;
    const refresher = new Refresher(
      () => (++runs === 1 ? new Promise<number>((_, reject) => (fail = reject)) : Promise.resolve(7)),
      new Logger('test'),
    );
    const first = refresher.refresh();
    const second = refresher.refresh();
    fail(new Error('database gone'));
    await expect(first).rejects.toThrow('database gone');
    expect(await second).toBe(7);
  });
});
