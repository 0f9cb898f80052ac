import type { DeliveryBatchJob, DeliveryJob } from '@hub/contracts';
import { RunWebhookLaneUseCase, type LaneEntry, type LaneKey, type WebhookLanes } from './webhook-lanes';

/** One lane in memory, as PostgreSQL keeps it. */
class MemoryLanes implements WebhookLanes {
  entries: LaneEntry[] = [];
  attempt = 0;
  retryAt: Date | null = null;
  token: string | null = null;
  private next = 1;
  now = () => new Date(0);
  async lease(_lane: LaneKey, token: string) {
    if (this.token || (this.retryAt && this.retryAt > this.now())) return null;
    this.token = token;
    return { attempt: this.attempt };
  }
  async head(_lane: LaneKey, limit: number) {
    return this.entries.slice(0, limit);
  }
  async advance(_lane: LaneKey, token: string, ids: string[]) {
    if (token !== this.token) throw new Error('not the holder');
    this.entries = this.entries.filter((e) => !ids.includes(e.id));
    this.attempt = 0;
    this.retryAt = null;
  }
  async hold(_lane: LaneKey, token: string, attempt: number, retryAt: Date) {
    if (token !== this.token) throw new Error('not the holder');
    Object.assign(this, { attempt, retryAt, token: null });
  }
  async release(_lane: LaneKey, token: string) {
    if (token === this.token) this.token = null;
    return this.entries.length > 0;
  }
  async push(deliveries: DeliveryJob[]) {
    for (const delivery of deliveries) this.entries.push({ id: String(this.next++), delivery });
  }
}

const lane: LaneKey = { platformKey: 'hookshare', mode: 'live' };
const delivery = (i: number): DeliveryJob & { mode: 'live' } => ({
  eventId: `e${i}`,
  incidentId: 'inc',
  itemId: `i${i}`,
  platformKey: 'hookshare',
  reason: 'item',
  mode: 'live',
});

describe('RunWebhookLaneUseCase', () => {
  it('sends the lane in order; a failed head holds it, and nothing behind it goes before it', async () => {
    const lanes = new MemoryLanes();
    const sent: string[][] = [];
    let fail = 1;
    const kicks: (Date | undefined)[] = [];
    const useCase = new RunWebhookLaneUseCase(
      lanes,
      { kick: async (_lane, at) => void kicks.push(at) },
      {
        execute: async (batch: DeliveryBatchJob) => {
          sent.push(batch.deliveries.map((d) => d.itemId));
          if (fail-- > 0) throw new Error('503');
          return 'delivered';
        },
      },
      { attempts: 3, delay: () => 1_000 },
      { now: () => new Date(0) },
    );
    await useCase.queue([delivery(1), delivery(2)]);
    const held = await useCase.execute(lane);
    expect(held).toEqual({ sent: 0, retryAt: new Date(1_000) });
    expect(lanes.attempt).toBe(1);
    // Queued meanwhile: a kick before the retry's time does nothing.
    await useCase.queue([delivery(3)]);
    expect(await useCase.execute(lane)).toEqual({ sent: 0 });
    lanes.now = () => new Date(1_000);
    expect(await useCase.execute(lane)).toEqual({ sent: 3 });
    expect(sent).toEqual([
      ['i1', 'i2'],
      ['i1', 'i2', 'i3'],
    ]);
    expect(kicks).toContainEqual(new Date(1_000));
    expect(lanes.entries).toEqual([]);
  });

  it('moves on past a head whose retries are spent (the sender recorded it as failed)', async () => {
    const lanes = new MemoryLanes();
    lanes.attempt = 2;
    await lanes.push([delivery(1)]);
    const sent: number[] = [];
    const useCase = new RunWebhookLaneUseCase(
      lanes,
      { kick: async () => undefined },
      {
        execute: async (_batch, attempt) => {
          sent.push(attempt.number);
          if (attempt.last) throw new Error('still 503');
          return 'delivered';
        },
      },
      { attempts: 3, delay: () => 1_000 },
      { now: () => new Date(0) },
    );
    expect(await useCase.execute(lane)).toEqual({ sent: 1 });
    expect(sent).toEqual([3]);
    expect(lanes.entries).toEqual([]);
  });

  it('under a steady flow, gathers what queues between two heads into the next', async () => {
    const lanes = new MemoryLanes();
    await lanes.push([delivery(1)]);
    const sent: string[][] = [];
    const at: number[] = [];
    const useCase = new RunWebhookLaneUseCase(
      lanes,
      { kick: async () => undefined },
      {
        execute: async (batch: DeliveryBatchJob) => {
          sent.push(batch.deliveries.map((d) => d.itemId));
          at.push(performance.now());
          // Events keep arriving while the first head is out: one now, one 10 ms later.
          if (sent.length === 1) {
            await lanes.push([delivery(2)]);
            setTimeout(() => void lanes.push([delivery(3)]), 10);
          }
          return 'delivered';
        },
      },
      { attempts: 3, delay: () => 1_000 },
      { now: () => new Date(0) },
      50,
    );
    expect(await useCase.execute(lane)).toEqual({ sent: 3 });
    // The first event went at once; the next two in one head, no sooner than the window after it.
    expect(sent).toEqual([['i1'], ['i2', 'i3']]);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(45);
  });
});
