import { DomainError } from '../core/errors';
import type { Actor } from '../core/actor';
import type { IncidentRecord } from '../incidents/incident.model';
import type { IncidentStore } from '../incidents/incident.ports';
import { formatStoredVpdq } from '../items/vpdq.frames';
import { HashMatchUseCase } from './hash-match.use-case';
import { PdqMatcher } from './pdq.matcher';

// A real PDQ hash (Meta's "bridge" picture): a repeating pattern could meet itself turned.
const BASE = 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22';
const flipped = (bits: number): string => {
  const digits = BASE.split('').map((d) => parseInt(d, 16));
  for (let b = 0; b < bits; b++) digits[b >> 2] ^= 8 >> (b & 3);
  return digits.map((d) => d.toString(16)).join('');
};

const actor = (role: Actor['role'], organisationId: string): Actor => ({
  memberId: `${organisationId}-member`,
  organisationId,
  displayName: organisationId,
  role,
  organisationKind: 'authority',
});

describe('HashMatchUseCase', () => {
  const incidents: Record<string, Pick<IncidentRecord, 'id' | 'participants' | 'mode'>> = {
    A: { id: 'A', participants: ['org-be'], mode: 'live' },
    B: { id: 'B', participants: ['org-de'], mode: 'exercise' },
  };
  let finds = 0;
  const store = {
    find: async (id: string) => {
      finds++;
      return (incidents[id] as IncidentRecord) ?? null;
    },
  } as Partial<IncidentStore> as IncidentStore;
  const matcher = new PdqMatcher();
  matcher.load([
    { itemId: 'a1', incidentId: 'A', value: flipped(4), quality: 80, mode: 'live' },
    { itemId: 'a2', incidentId: 'A', value: flipped(30), quality: 80, mode: 'live' },
    { itemId: 'b1', incidentId: 'B', value: flipped(8), quality: 80, mode: 'exercise' },
  ]);
  const useCase = new HashMatchUseCase(store, matcher);

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: DomainError) => error,
    );

  it('answers only items of incidents the caller can see, live and exercise, with a note on quality', async () => {
    finds = 0;
    const be = await useCase.execute(actor('authority', 'org-be'), { algorithm: 'pdq', value: BASE });
    const near = { algorithm: 'pdq', transform: 'original' };
    expect(be.matches).toEqual([
      { incidentId: 'A', itemId: 'a1', distance: 4, ...near },
      { incidentId: 'A', itemId: 'a2', distance: 30, ...near },
    ]);
    expect(finds).toBe(2); // A once (cached for a2), B once
    expect(be.note).toMatch(/quality below 50/);
    const coordinator = await useCase.execute(actor('coordinator', 'org-eu'), {
      algorithm: 'pdq',
      value: BASE.toUpperCase(),
      maxDistance: 10,
    });
    expect(coordinator.matches.map((m) => ('itemId' in m ? m.itemId : m.bankId))).toEqual(['a1', 'b1']);
    const admin = await useCase.execute(actor('admin', 'org-hub'), { algorithm: 'pdq', value: BASE });
    expect(admin.matches).toEqual([]);
  });

  it('matches a video against pictures of its frames and other videos', async () => {
    const frames = [
      { frame: 0, quality: 90, hash: flipped(2), seconds: 0 },
      { frame: 30, quality: 90, hash: flipped(200), seconds: 1 },
    ];
    const videos = new PdqMatcher();
    videos.load([
      { itemId: 'a1', incidentId: 'A', value: BASE, quality: 80, mode: 'live' },
      {
        itemId: 'v1',
        incidentId: 'A',
        algorithm: 'vpdq',
        value: formatStoredVpdq(frames),
        quality: null,
        mode: 'live',
      },
    ]);
    const found = await new HashMatchUseCase(store, videos).execute(actor('authority', 'org-be'), {
      algorithm: 'vpdq',
      frames: [frames[1], { ...frames[0], hash: frames[0].hash.toUpperCase() }],
    });
    expect(found.matches).toEqual([
      {
        incidentId: 'A',
        itemId: 'a1',
        algorithm: 'pdq',
        distance: 2,
        transform: 'original',
        frame: 0,
        seconds: 0,
      },
      { incidentId: 'A', itemId: 'v1', algorithm: 'vpdq', queryMatchPercent: 100, comparedMatchPercent: 100 },
    ]);
    const bad = await refusal(
      useCase.execute(actor('authority', 'org-be'), { algorithm: 'vpdq', frames: [{ frame: 0 }] }),
    );
    expect(bad.details[0].field).toBe('frames.0.quality');
  });

  it('refuses a distance beyond 31 and a malformed value, naming the field', async () => {
    const be = actor('authority', 'org-be');
    const far = await refusal(useCase.execute(be, { algorithm: 'pdq', value: BASE, maxDistance: 40 }));
    expect(far.code).toBe('VALIDATION_FAILED');
    expect(far.details[0].field).toBe('maxDistance');
    const negative = await refusal(useCase.execute(be, { algorithm: 'pdq', value: BASE, maxDistance: -1 }));
    expect(negative.details[0].field).toBe('maxDistance');
    const bad = await refusal(useCase.execute(be, { algorithm: 'pdq', value: 'xyz' }));
    expect(bad.details[0].field).toBe('value');
    const md5 = await refusal(useCase.execute(be, { algorithm: 'md5', value: BASE }));
    expect(md5.details[0].field).toBe('algorithm');
  });

  it('answers a batch per value, in order, as the single form answers each, loading each incident once', async () => {
    const be = actor('authority', 'org-be');
    const values = [BASE, flipped(100), BASE.toUpperCase(), flipped(28)];
    finds = 0;
    const batch = await useCase.executeBatch(be, { algorithm: 'pdq', values, maxDistance: 31 });
    expect(finds).toBe(2);
    const singles = [];
    for (const value of values)
      singles.push((await useCase.execute(be, { algorithm: 'pdq', value })).matches);
    expect(batch.results).toEqual(singles.map((matches, index) => ({ index, matches })));
    expect(batch.results[0].matches.map((m) => ('itemId' in m ? m.itemId : undefined))).toEqual(['a1', 'a2']);
    expect(batch.results[1].matches).toEqual([]);
    expect(batch.note).toMatch(/quality below 50/);
    const full = await useCase.executeBatch(be, { algorithm: 'pdq', values: Array(1000).fill(BASE) });
    expect(full.results).toHaveLength(1000);
    expect(full.results[999]).toEqual({ index: 999, matches: batch.results[0].matches });
  });

  it('refuses a bad batch whole, naming the value at fault', async () => {
    const be = actor('authority', 'org-be');
    const bad = await refusal(useCase.executeBatch(be, { algorithm: 'pdq', values: [BASE, 'xyz'] }));
    expect(bad.details[0].field).toBe('values[1]');
    for (const query of [
      { algorithm: 'pdq', values: [] },
      { algorithm: 'pdq', values: Array(1001).fill(BASE) },
      { algorithm: 'pdq', value: BASE, values: [BASE] },
      { algorithm: 'vpdq', values: [BASE] },
    ]) {
      expect((await refusal(useCase.executeBatch(be, query))).details[0].field).toBe('values');
    }
    const far = await refusal(
      useCase.executeBatch(be, { algorithm: 'pdq', values: [BASE], maxDistance: 32 }),
    );
    expect(far.details[0].field).toBe('maxDistance');
  });
});
