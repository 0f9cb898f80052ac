import type { CreateIncidentDto } from '@hub/contracts';
import { fixedClock, InMemoryElectionStore, InMemoryIncidentStore, unitCast } from '@hub/testing';
import { ERROR_CODES } from '../core/errors';
import { loadProtocolsFile } from '../protocols';
import { CreateIncidentUseCase } from './create-incident.use-case';

const NOW = '2025-06-01T12:00:00.000Z';
const protocols = loadProtocolsFile();

function setUp() {
  const { identities, orgs, as } = unitCast();
  const clock = fixedClock(NOW);
  const store = new InMemoryIncidentStore(clock);
  const useCase = new CreateIncidentUseCase(store, identities, () => protocols, clock);
  const command = (fields: Partial<CreateIncidentDto> = {}): CreateIncidentDto => ({
    title: 'Attack livestream spreading',
    summary: 'A livestream of an attack is being re-uploaded across services.',
    category: 'terrorist_content',
    level: 'crisis',
    mode: 'live',
    participants: [orgs.be.id],
    platforms: ['videoshare'],
    criteria: ['perpetrator_content', 'perpetrator_content'],
    rationale: 'Perpetrator-produced footage',
    ...fields,
  });
  return { store, orgs, as, useCase, command };
}

describe('CreateIncidentUseCase', () => {
  it('declares an incident straight to active, with the platforms’ organisations taking part', async () => {
    const { store, orgs, as, useCase, command } = setUp();

    const created = await useCase.execute(as.coordinator, command());

    expect(created.incident).toMatchObject({
      ref: 'CH-2025-0001',
      status: 'active',
      protocol: 'terrorist-content',
      level: 'crisis',
      mode: 'live',
      platforms: ['videoshare'],
      criteria: ['perpetrator_content'],
      createdBy: as.coordinator.memberId,
      createdAt: new Date(NOW),
      lastSeq: 1,
    });
    expect([...created.incident.participants].sort()).toEqual(
      [orgs.be.id, orgs.coordinator.id, orgs.videoshare.id].sort(),
    );
    expect(await store.find(created.incident.id)).toEqual(created.incident);
    expect(store.events(created.incident.id)).toEqual(created.events);
    expect(created.events).toHaveLength(1);
    expect(created.events[0]).toMatchObject({
      seq: 1,
      type: 'incident.activated',
      actor: { memberId: as.coordinator.memberId, organisationId: orgs.coordinator.id },
      data: {
        ref: 'CH-2025-0001',
        status: 'active',
        participants: created.incident.participants,
        platforms: ['videoshare'],
        criteria: ['perpetrator_content'],
      },
    });
  });

  it('lets an authority notify a possible crisis for assessment, numbered as an exercise in exercise mode', async () => {
    const { store, as, useCase, command } = setUp();

    const notified = await useCase.execute(as.be, command({ mode: 'exercise', participants: [] }));

    expect(notified.incident).toMatchObject({ status: 'assessing', ref: 'EX-2025-0001', mode: 'exercise' });
    expect(store.events(notified.incident.id).map((e) => e.type)).toEqual(['incident.notified']);
  });

  it('lets a flagger notify for assessment, as an authority, under an election open now', async () => {
    const { identities, orgs } = unitCast();
    const clock = fixedClock(NOW);
    const store = new InMemoryIncidentStore(clock);
    const elections = new InMemoryElectionStore();
    const useCase = new CreateIncidentUseCase(store, identities, () => protocols, clock, elections);
    const party = identities.addOrganisation({ name: 'A party', kind: 'party' });
    const flagger = identities.addActor(party, 'flagger');
    const election = (id: string, from: string, until: string) =>
      elections.insert({
        id,
        name: 'Elections',
        country: null,
        votingDays: [],
        activeFrom: new Date(from),
        activeUntil: new Date(until),
        languages: [],
        participants: [party.id, orgs.be.id, orgs.videoshare.id],
        platforms: ['videoshare'],
        createdBy: null,
        createdAt: new Date(NOW),
        updatedAt: new Date(NOW),
        extensions: [],
      });
    await election('e0000000-0000-4000-8000-000000000001', '2025-05-01T00:00:00Z', '2025-06-30T00:00:00Z');
    await election('e0000000-0000-4000-8000-000000000002', '2025-04-01T00:00:00Z', '2025-05-30T00:00:00Z');
    const declare = (electionId: string) =>
      useCase.execute(flagger, {
        title: 'Deepfake',
        summary: 'A forged video of a candidate',
        category: 'election_integrity',
        level: 'incident',
        mode: 'live',
        participants: [],
        platforms: ['clipcast'],
        electionId,
      });

    const { incident } = await declare('e0000000-0000-4000-8000-000000000001');
    expect(incident).toMatchObject({
      status: 'assessing',
      electionId: 'e0000000-0000-4000-8000-000000000001',
    });
    expect([...incident.platforms].sort()).toEqual(['clipcast', 'videoshare']);
    expect(incident.participants).toEqual(expect.arrayContaining([party.id, orgs.be.id, orgs.videoshare.id]));
    await expect(declare('e0000000-0000-4000-8000-000000000002')).rejects.toMatchObject({
      code: ERROR_CODES.CONFLICT,
      details: [{ field: 'electionId' }],
    });
    await expect(declare('e0000000-0000-4000-8000-000000000003')).rejects.toMatchObject({
      code: ERROR_CODES.NOT_FOUND,
      details: [{ field: 'electionId' }],
    });
  });

  it('is for coordinators, authorities and flaggers only', async () => {
    const { as, useCase, command } = setUp();

    for (const actor of [as.videoshare, as.observer]) {
      await expect(useCase.execute(actor, command())).rejects.toMatchObject({ code: ERROR_CODES.FORBIDDEN });
    }
  });

  it('names what it cannot find, and a protocol that does not cover the category', async () => {
    const { store, as, useCase, command } = setUp();

    await expect(
      useCase.execute(as.coordinator, command({ participants: ['00000000-0000-4000-8000-000000000000'] })),
    ).rejects.toMatchObject({ code: ERROR_CODES.VALIDATION_FAILED, details: [{ field: 'participants' }] });
    await expect(useCase.execute(as.coordinator, command({ platforms: ['nowhere'] }))).rejects.toMatchObject({
      code: ERROR_CODES.VALIDATION_FAILED,
      details: [{ field: 'platforms' }],
    });
    await expect(
      useCase.execute(as.coordinator, command({ protocol: 'election-integrity' })),
    ).rejects.toMatchObject({ code: ERROR_CODES.VALIDATION_FAILED, details: [{ field: 'protocol' }] });
    expect(await store.list({ viewer: as.coordinator, limit: 10 })).toEqual([]);
  });
});
