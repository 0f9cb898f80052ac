import { bankPartitionQueue, QUEUES, type BankPartitionJob, type BankPartitionResult } from '@hub/contracts';
import { bankPartitionOf, BankPdqIndex, dihedralVariants, MAX_BANK_HITS } from '@hub/domain';
import {
  ApiClient,
  HubProcess,
  startProcessHub,
  TEST_REDIS_URL,
  waitFor,
  type ProcessHub,
} from '@hub/testing';
import { Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { createHash } from 'node:crypto';

const TIMEOUT_MS = 3_000;
const RANDOM_SIGNALS = 3_000;

/** A PDQ value of its own per seed, its bits even (so about half of them start with a 1). */
const pdqHash = (seed: number): string =>
  createHash('sha256').update(`bank-partitions ${seed}`).digest('hex');

/** `hex` with the given bits flipped (bit 0 is the first of the hash, the one naming its partition of 2). */
const flip = (hex: string, bits: number[]): string => {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (const b of bits) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

/** Signals near `query` in both halves: the same first bit, the other, and near a rotation of it. */
const nearSignals = (query: string): string[] => [
  flip(query, [9, 100, 200]),
  flip(query, [0, 50]),
  flip(query, [0, 3, 30, 60, 90, 120, 150, 180, 210, 240, 250]),
  flip(
    query,
    Array.from({ length: 30 }, (_, i) => 8 * i + 5),
  ),
  flip(dihedralVariants(query)[2].hash, [0, 77]),
  flip(dihedralVariants(query)[5].hash, [1, 2, 3]),
];

/**
 * The bank PDQ index cut in two, each half held by a worker process of its own, the api and a third worker
 * (which checks shares) holding none: their answers are those of one index holding every signal; with a
 * half gone, `/hashes/match` answers within the deadline, saying what is missing, and a share check waits
 * for it to come back.
 */
describe('bank index partitions', () => {
  let hub: ProcessHub;
  let holders: HubProcess[] = [];
  let coordinator: ApiClient;
  let be: ApiClient;
  let bankId: string;
  let incidentId: string;
  let redis: IORedis;
  const queues: Queue[] = [];
  const listeners: QueueEvents[] = [];
  const queries = Array.from({ length: 40 }, (_, i) => pdqHash(900_000 + i));
  const late = pdqHash(990_000);
  /** Every signal as the database holds it, and one index of all of them: what a single process finds. */
  let full: BankPdqIndex;
  const idOf = new Map<number, string>();
  let values: string[] = [];

  const expectedHits = (hex: string, partitions: number[] = [0, 1]) =>
    [...full.near(hex, 31)]
      .map(([seq, distance]) => ({ seq, distance, hex: valueOf.get(seq)! }))
      .filter((h) => partitions.includes(bankPartitionOf(h.hex, 2)))
      .sort((a, b) => a.distance - b.distance || a.seq - b.seq)
      .slice(0, MAX_BANK_HITS)
      .map((h) => ({ signalId: idOf.get(h.seq), distance: h.distance }));
  const valueOf = new Map<number, string>();
  const bankHits = (matches: any[]) =>
    matches.filter((m) => m.bankId).map((m) => ({ signalId: m.signalId, distance: m.distance }));

  const loadSignals = async (): Promise<void> => {
    const rows = await hub.db.sql.query(
      `SELECT seq::int AS seq, id, value FROM bank_signals WHERE algorithm = 'pdq' AND matchable ORDER BY seq`,
    );
    full = new BankPdqIndex();
    for (const row of rows.rows) {
      full.add(row.seq, row.value);
      idOf.set(row.seq, row.id);
      valueOf.set(row.seq, row.value);
    }
    values = rows.rows.map((r) => r.value);
  };

  /** Asks one partition directly through its queue, as the api does. */
  const askPartition = async (p: number, job: Omit<BankPartitionJob, 'deadline'>) => {
    const added = await queues[p].add('lookup', { ...job, deadline: Date.now() + 10_000 });
    return (await added.waitUntilFinished(listeners[p], 10_000)) as BankPartitionResult;
  };

  const startHolder = (p: number): HubProcess =>
    new HubProcess('apps/worker/src/main.js', {
      ...hub.api.env,
      HUB_BANK_PARTITION: String(p),
      LOG_LEVEL: 'info',
    }).start();

  beforeAll(async () => {
    hub = await startProcessHub({
      label: 'bankparts',
      env: { HUB_BANK_PARTITIONS: '2', HUB_BANK_PARTITION_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    coordinator = new ApiClient(hub.url, hub.cast.coordinator.token);
    be = new ApiClient(hub.url, hub.cast.be.token);
    const bank = await coordinator.post('/banks', { name: 'Known attack content', visibility: 'members' });
    expect(bank.status).toBe(201);
    bankId = bank.body.id;
    const signals = [
      ...queries.flatMap(nearSignals),
      ...Array.from({ length: RANDOM_SIGNALS }, (_, i) => pdqHash(1_000_000 + i)),
    ].map((value) => ({ algorithm: 'pdq', value, quality: 90 }));
    // A request body holds at most 1,000 entries an array.
    for (let i = 0; i < signals.length; i += 1_000) {
      const added = await coordinator.post(`/banks/${bankId}/signals`, {
        signals: signals.slice(i, i + 1_000),
      });
      expect([added.status, added.body.rejected]).toEqual([200, []]);
    }
    await loadSignals();
    const incident = await coordinator.post('/incidents', {
      title: 'Attack livestream spreading',
      summary: 'Re-uploads across services.',
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: [hub.cast.be.organisation.id, hub.cast.videoshare.organisation.id],
      platforms: [],
      criteria: ['ongoing real-world violent event'],
      rationale: 'Perpetrator-produced footage spreading on several services',
    });
    expect(incident.status).toBe(201);
    incidentId = incident.body.id;

    const prefix = hub.api.env.HUB_KEY_PREFIX;
    redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    for (const p of [0, 1]) {
      const name = `${prefix}-${bankPartitionQueue(p)}`;
      queues.push(new Queue(name, { connection: redis, prefix }));
      listeners.push(new QueueEvents(name, { connection: { url: TEST_REDIS_URL }, prefix }));
    }
    holders = [startHolder(0), startHolder(1)];
  }, 120_000);

  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
    await Promise.all(queues.map((q) => q.close()));
    redis?.disconnect();
    await hub?.close(holders);
  });

  it('each worker holds only the signals whose first bit names its half, those added later too', async () => {
    const half = (p: number) => values.filter((v) => bankPartitionOf(v, 2) === p).length;
    for (const p of [0, 1]) {
      const logged = await waitFor(
        () => holders[p].output.match(/(\d+) bank PDQ signals indexed \(partition (\d) of 2\)/),
        Boolean,
        { timeoutMs: 60_000, what: `partition ${p} loaded: ${holders[p].output.slice(-2_000)}` },
      );
      expect(Number(logged![1])).toBe(half(p));
      expect(Number(logged![2])).toBe(p);
    }
    expect(half(0)).toBeGreaterThan(1_000);
    expect(half(1)).toBeGreaterThan(1_000);

    // Added while the workers run: each picks up those of its half at its next refresh, and only those.
    const added = await coordinator.post(`/banks/${bankId}/signals`, {
      signals: nearSignals(late).map((value) => ({ algorithm: 'pdq', value, quality: 90 })),
    });
    expect(added.body.added).toBe(6);
    await loadSignals();
    for (const p of [0, 1]) {
      const answer = await waitFor(
        () => askPartition(p, { hashes: values.slice(-1_000), variants: false, maxDistance: 0 }),
        (a) => a.size === half(p),
        { timeoutMs: 30_000, what: `partition ${p} refreshed` },
      );
      expect(answer.partition).toBe(p);
      const held = values.slice(-1_000).map((_, i) => answer.found[i].length > 0);
      expect(held).toEqual(values.slice(-1_000).map((v) => bankPartitionOf(v, 2) === p));
    }
  });

  it('answers a /hashes/match batch as one index holding every signal does', async () => {
    const batch = [...queries, late, pdqHash(5), ...values.slice(0, 200)];
    const res = await coordinator.post('/hashes/match', { algorithm: 'pdq', values: batch });
    expect(res.status).toBe(200);
    expect(res.body.note).not.toMatch(/partition/);
    const found = res.body.results.map((r: any) => bankHits(r.matches));
    expect(found).toEqual(batch.map((hex) => expectedHits(hex)));
    // The planted signals are found in both halves, through rotations too.
    const valueOfId = new Map([...idOf].map(([seq, id]) => [id, valueOf.get(seq)!]));
    const halves = new Set(found[0].map((h: any) => bankPartitionOf(valueOfId.get(h.signalId)!, 2)));
    expect(halves).toEqual(new Set([0, 1]));
    expect(found[0].length).toBeGreaterThanOrEqual(6);

    const single = await coordinator.post('/hashes/match', { algorithm: 'pdq', value: queries[3] });
    expect(bankHits(single.body.matches)).toEqual(expectedHits(queries[3]));
  });

  it('a share near signals of both halves adds the item.bank_matched events one index finds', async () => {
    const shared = [];
    for (const hex of queries.slice(0, 5)) {
      const res = await be.post(`/incidents/${incidentId}/items`, {
        kind: 'hash',
        hash: { algorithm: 'pdq', value: hex, quality: 90 },
        channel: 'alert',
      });
      expect(res.status).toBe(201);
      shared.push({ hex, itemId: res.body.item.id });
    }
    for (const { hex, itemId } of shared) {
      const hits = await hitsOf(itemId);
      const got = hits
        .map((e: any) => ({ signalId: e.data.signalId, distance: e.data.distance }))
        .sort((a: any, b: any) => a.distance - b.distance || a.signalId.localeCompare(b.signalId));
      const want = expectedHits(hex).sort(
        (a, b) => a.distance - b.distance || a.signalId!.localeCompare(b.signalId!),
      );
      expect(got).toEqual(want);
    }
  });

  it('with one half stopped, answers within the deadline from the other, saying so; a share waits for it', async () => {
    await holders[1].kill('SIGKILL');
    const batch = [...queries.slice(0, 10), late];
    const started = Date.now();
    const res = await coordinator.post('/hashes/match', { algorithm: 'pdq', values: batch });
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(took).toBeLessThan(TIMEOUT_MS + 2_500);
    expect(res.body.note).toMatch(
      /never match; bank partitions 1 of 2 did not answer in time: bank hits from them may be missing$/,
    );
    expect(res.body.results.map((r: any) => bankHits(r.matches))).toEqual(
      batch.map((hex) => expectedHits(hex, [0])),
    );
    const single = await coordinator.post('/hashes/match', { algorithm: 'pdq', value: queries[0] });
    expect(single.status).toBe(200);
    expect(single.body.note).toMatch(/bank partitions 1 of 2 did not answer in time/);

    // A share checked now fails its first try (nothing appended) and is tried again once the half is back.
    const item = await be.post(`/incidents/${incidentId}/items`, {
      kind: 'hash',
      hash: { algorithm: 'pdq', value: late, quality: 90 },
      channel: 'alert',
    });
    expect(item.status).toBe(201);
    const banksQueue = new Queue(`${hub.api.env.HUB_KEY_PREFIX}-${QUEUES.banks}`, {
      connection: redis,
      prefix: hub.api.env.HUB_KEY_PREFIX,
    });
    try {
      await waitFor(
        () => banksQueue.getDelayedCount(),
        (n) => n >= 1,
        {
          timeoutMs: 20_000,
          what: 'the share check waiting to be tried again',
        },
      );
    } finally {
      await banksQueue.close();
    }
    expect(await hitsFor(item.body.item.id)).toEqual([]);
    holders[1] = startHolder(1);
    const hits = await hitsOf(item.body.item.id);
    expect(hits.map((e: any) => e.data.signalId).sort()).toEqual(
      expectedHits(late)
        .map((h) => h.signalId)
        .sort(),
    );

    // Nothing fell over: every process still runs and the api is ready.
    for (const child of [hub.api, hub.worker, holders[0], holders[1]])
      expect(child.child!.exitCode).toBeNull();
    expect((await fetch(`${hub.url}/health/ready`)).status).toBe(200);
  }, 90_000);

  async function hitsFor(itemId: string): Promise<any[]> {
    const res = await coordinator.get(`/incidents/${incidentId}/events?limit=500`);
    expect(res.status).toBe(200);
    return res.body.items.filter((e: any) => e.type === 'item.bank_matched' && e.data.itemId === itemId);
  }
  const hitsOf = (itemId: string) =>
    waitFor(
      () => hitsFor(itemId),
      (hits) => hits.length > 0,
      {
        timeoutMs: 60_000,
        what: `item.bank_matched for ${itemId}`,
      },
    );
});
