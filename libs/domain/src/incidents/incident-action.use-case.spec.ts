import { anIncident, anItem, fixedClock, InMemoryIncidentStore, unitCast } from '@hub/testing';
import { ERROR_CODES } from '../core/errors';
import type { CellRecord, IncidentRecord, ItemRecord } from './incident.model';
import { loadProtocolsFile } from '../protocols';
import { IncidentActionUseCase } from './incident-action.use-case';

const SHARED_AT = new Date('2025-06-01T12:00:00.000Z');
const MINUTE = 60_000;
const protocols = loadProtocolsFile();

function item(incident: IncidentRecord, fields: Partial<ItemRecord>): ItemRecord {
  return anItem({ incidentId: incident.id, createdAt: SHARED_AT, ...fields });
}

function cell(of: ItemRecord, platformKey: string, fields: Partial<CellRecord> = {}): CellRecord {
  return {
    itemId: of.id,
    platformKey,
    incidentId: of.incidentId,
    status: 'pending',
    reason: null,
    ackDueAt: new Date(SHARED_AT.getTime() + 15 * MINUTE),
    actionDueAt: null,
    notifiedAt: null,
    acknowledgedAt: null,
    actedAt: null,
    pausedAt: null,
    overdueCount: 0,
    createdAt: SHARED_AT,
    updatedAt: SHARED_AT,
    ...fields,
  };
}

function setUp(
  fields: Partial<IncidentRecord> = {},
  content: { items?: ItemRecord[]; cells?: CellRecord[] } = {},
) {
  const { identities, orgs, as } = unitCast();
  const clock = fixedClock(new Date(SHARED_AT.getTime() + 5 * MINUTE));
  const store = new InMemoryIncidentStore(clock);
  const incident = anIncident({
    participants: [orgs.coordinator.id, orgs.be.id, orgs.videoshare.id],
    platforms: ['videoshare'],
    ...fields,
  });
  store.seed(incident, content);
  const useCase = new IncidentActionUseCase(store, identities, () => protocols, clock);
  return { store, incident, as, orgs, clock, useCase };
}

describe('IncidentActionUseCase', () => {
  it('activates an incident under assessment: status, level and criteria change and are logged', async () => {
    const { store, incident, as, useCase } = setUp({ status: 'assessing', level: 'incident' });

    const result = await useCase.execute(as.coordinator, incident.id, 'activate', {
      level: 'crisis',
      criteria: ['perpetrator_content'],
      rationale: 'spreading fast',
    });

    expect(result.incident).toMatchObject({
      status: 'active',
      level: 'crisis',
      criteria: ['perpetrator_content'],
      rationale: 'spreading fast',
      configVersion: incident.configVersion + 1,
      lastSeq: 1,
    });
    expect(store.state(incident.id).incident).toEqual(result.incident);
    expect(result.events).toEqual(store.events(incident.id));
    expect(result.events.map((e) => [e.type, e.data])).toEqual([
      [
        'incident.activated',
        {
          from: 'assessing',
          status: 'active',
          level: 'crisis',
          criteria: ['perpetrator_content'],
          rationale: 'spreading fast',
        },
      ],
    ]);
  });

  it('is the coordinator’s alone', async () => {
    const { store, incident, as, useCase } = setUp({ status: 'assessing' });

    await expect(useCase.execute(as.be, incident.id, 'activate', {})).rejects.toMatchObject({
      code: ERROR_CODES.FORBIDDEN,
    });
    expect(store.state(incident.id).incident.status).toBe('assessing');
    expect(store.events(incident.id)).toEqual([]);
  });

  it('refuses a step the lifecycle does not allow, and an action on an incident that is over', async () => {
    const active = setUp();
    await expect(
      active.useCase.execute(active.as.coordinator, active.incident.id, 'review', { summary: 'done' }),
    ).rejects.toMatchObject({ code: ERROR_CODES.ILLEGAL_TRANSITION });

    const rejected = setUp({ status: 'rejected' });
    await expect(
      rejected.useCase.execute(rejected.as.coordinator, rejected.incident.id, 'stand_down', {}),
    ).rejects.toMatchObject({ code: ERROR_CODES.INCIDENT_CLOSED });
    expect(active.store.events(active.incident.id)).toEqual([]);
    expect(rejected.store.events(rejected.incident.id)).toEqual([]);
  });

  it('closes with a summary and the time, then takes the review', async () => {
    const { store, incident, as, clock, useCase } = setUp();

    await expect(useCase.execute(as.coordinator, incident.id, 'close', {})).rejects.toMatchObject({
      code: ERROR_CODES.VALIDATION_FAILED,
      details: [{ field: 'summary' }],
    });
    const closed = await useCase.execute(as.coordinator, incident.id, 'close', { summary: 'contained' });
    const reviewed = await useCase.execute(as.coordinator, incident.id, 'review', { summary: 'lessons' });

    expect(closed.incident).toMatchObject({
      status: 'closed',
      closingSummary: 'contained',
      closedAt: clock.now(),
    });
    expect(reviewed.incident).toMatchObject({ status: 'reviewed', reviewSummary: 'lessons' });
    expect(store.events(incident.id).map((e) => [e.seq, e.type, e.data])).toEqual([
      [1, 'incident.closed', { from: 'active', status: 'closed', summary: 'contained' }],
      [2, 'incident.reviewed', { from: 'closed', status: 'reviewed', summary: 'lessons' }],
    ]);
  });

  it('moves the acknowledgement deadline of open cells to the new level, and counts them', async () => {
    const seed = anIncident();
    const open = item(seed, { platformKey: 'videoshare' });
    const acknowledged = item(seed, { platformKey: 'videoshare' });
    const cells = [
      cell(open, 'videoshare'),
      cell(acknowledged, 'videoshare', { status: 'acknowledged', acknowledgedAt: SHARED_AT }),
    ];
    const { store, incident, as, useCase } = setUp({ id: seed.id }, { items: [open, acknowledged], cells });

    const result = await useCase.execute(as.coordinator, incident.id, 'level', {
      level: 'incident',
      rationale: 'contained to two services',
    });

    // The incident level of the protocol: acknowledge within the hour of the share.
    expect(store.cells(incident.id)).toEqual([
      { ...cells[0], ackDueAt: new Date(SHARED_AT.getTime() + 60 * MINUTE), updatedAt: expect.any(Date) },
      cells[1],
    ]);
    expect(result.incident).toMatchObject({ level: 'incident', configVersion: incident.configVersion + 1 });
    expect(result.events.map((e) => e.data)).toEqual([
      { from: 'crisis', to: 'incident', rationale: 'contained to two services', deadlinesMoved: 1 },
    ]);
    await expect(
      useCase.execute(as.coordinator, incident.id, 'level', { level: 'incident' }),
    ).rejects.toMatchObject({
      code: ERROR_CODES.CONFLICT,
    });
  });

  it('adds a platform with cells for the items that concern it', async () => {
    const seed = anIncident();
    const hash = item(seed, { kind: 'hash', hashAlgorithm: 'md5', hashValue: 'a'.repeat(32) });
    const onClipcast = item(seed, { platformKey: 'clipcast', channel: 'referral' });
    const onVideoshare = item(seed, { platformKey: 'videoshare' });
    const { store, incident, as, orgs, clock, useCase } = setUp(
      { id: seed.id },
      {
        items: [hash, onClipcast, onVideoshare],
        cells: [cell(hash, 'videoshare'), cell(onVideoshare, 'videoshare')],
      },
    );

    const result = await useCase.execute(as.coordinator, incident.id, 'participants', {
      platformKey: 'clipcast',
    });

    expect(result.incident.participants).toEqual([...incident.participants, orgs.clipcast.id]);
    expect(result.incident.platforms).toEqual(['videoshare', 'clipcast']);
    const added = store.cells(incident.id).filter((c) => c.platformKey === 'clipcast');
    expect(added.map((c) => c.itemId).sort()).toEqual([hash.id, onClipcast.id].sort());
    // Crisis level: 15 minutes to acknowledge from now, not from the share.
    expect(added.every((c) => c.ackDueAt!.getTime() === clock.now().getTime() + 15 * MINUTE)).toBe(true);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'incident.participant_added',
      data: { organisationIds: [orgs.clipcast.id], platformKeys: ['clipcast'] },
    });
    expect((result.events[0].data.cells as unknown[]).length).toBe(2);

    await expect(
      useCase.execute(as.coordinator, incident.id, 'participants', { organisationId: orgs.clipcast.id }),
    ).rejects.toMatchObject({ code: ERROR_CODES.CONFLICT });
    await expect(
      useCase.execute(as.coordinator, incident.id, 'participants', { platformKey: 'nowhere' }),
    ).rejects.toMatchObject({ code: ERROR_CODES.VALIDATION_FAILED, details: [{ field: 'platforms' }] });
  });
});
