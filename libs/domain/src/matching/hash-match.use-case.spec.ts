import { DomainError } from '../errors';
import type { Actor, IncidentRecord } from '../model';
import type { IncidentStore } from '../ports';
import { HashMatchUseCase } from './hash-match.use-case';
import { PdqMatcher } from './pdq.matcher';

const BASE = '0f'.repeat(32);
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
    expect(be.matches).toEqual([
      { incidentId: 'A', itemId: 'a1', distance: 4 },
      { incidentId: 'A', itemId: 'a2', distance: 30 },
    ]);
    expect(finds).toBe(2); // A once (cached for a2), B once
    expect(be.note).toMatch(/quality below 50/);
    const coordinator = await useCase.execute(actor('coordinator', 'org-eu'), {
      algorithm: 'pdq',
      value: BASE.toUpperCase(),
      maxDistance: 10,
    });
    expect(coordinator.matches.map((m) => m.itemId)).toEqual(['a1', 'b1']);
    const admin = await useCase.execute(actor('admin', 'org-hub'), { algorithm: 'pdq', value: BASE });
    expect(admin.matches).toEqual([]);
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
});
