import { anIncident, fixedClock, InMemoryIncidentStore, unitCast } from '@hub/testing';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES } from '../core/errors';
import type { CellRecord, ItemRecord } from './incident.model';
import { UpdateContainmentUseCase } from './update-containment.use-case';
import { answerNote, type AnswerFacts } from './answer-note';

const SHARED_AT = new Date('2025-06-01T12:00:00.000Z');
const MINUTE = 60_000;

function setUp(fields: Parameters<typeof anIncident>[0] = {}) {
  const { orgs, as } = unitCast();
  const clock = fixedClock(new Date(SHARED_AT.getTime() + 5 * MINUTE));
  const store = new InMemoryIncidentStore(clock);
  const incident = anIncident({
    participants: [orgs.coordinator.id, orgs.be.id, orgs.videoshare.id, orgs.clipcast.id],
    platforms: ['videoshare', 'clipcast'],
    ...fields,
  });
  const item: ItemRecord = {
    id: randomUUID(),
    incidentId: incident.id,
    kind: 'url',
    dedupKey: 'url:https://videoshare.example/v/1',
    url: 'https://videoshare.example/v/1',
    submittedUrl: 'https://videoshare.example/v/1',
    hashAlgorithm: null,
    hashValue: null,
    hashQuality: null,
    accountPlatform: null,
    accountHandle: null,
    channel: 'removal_order',
    legalReference: 'TCO art. 3',
    platformKey: 'videoshare',
    metadata: {},
    narrative: null,
    techniques: [],
    reporters: [orgs.be.id],
    variantOf: null,
    visibility: 'participants',
    createdBy: as.be.memberId,
    createdAt: SHARED_AT,
  };
  const cell: CellRecord = {
    itemId: item.id,
    platformKey: 'videoshare',
    incidentId: incident.id,
    status: 'notified',
    reason: null,
    ackDueAt: new Date(SHARED_AT.getTime() + 15 * MINUTE),
    actionDueAt: new Date(SHARED_AT.getTime() + 60 * MINUTE),
    notifiedAt: SHARED_AT,
    acknowledgedAt: null,
    actedAt: null,
    pausedAt: null,
    overdueCount: 0,
    createdAt: SHARED_AT,
    updatedAt: SHARED_AT,
  };
  store.seed(incident, { items: [item], cells: [cell] });
  const useCase = new UpdateContainmentUseCase(store, clock);
  return { store, incident, item, cell, as, orgs, clock, useCase };
}

describe('UpdateContainmentUseCase', () => {
  it('moves the cell as its platform’s liaison and logs the step', async () => {
    const { store, incident, item, cell, as, orgs, clock, useCase } = setUp();
    const now = clock.now();

    const result = await useCase.execute(as.videoshare, {
      incidentId: incident.id,
      itemId: item.id,
      platformKey: 'videoshare',
      status: 'acknowledged',
    });

    const saved = { ...cell, status: 'acknowledged', acknowledgedAt: now, updatedAt: now };
    expect(result.cell).toEqual(saved);
    expect(store.cells(incident.id)).toEqual([saved]);
    expect(store.events(incident.id)).toEqual([result.event]);
    expect(result.event).toMatchObject({
      seq: 1,
      type: 'containment.updated',
      actor: { memberId: as.videoshare.memberId, organisationId: orgs.videoshare.id },
      data: {
        itemId: item.id,
        platformKey: 'videoshare',
        from: 'notified',
        status: 'acknowledged',
        reason: null,
        onBehalf: false,
        ackDueAt: cell.ackDueAt!.toISOString(),
        actionDueAt: cell.actionDueAt!.toISOString(),
        acknowledgedAt: now.toISOString(),
        actedAt: null,
      },
    });
  });

  it('records an outcome with its reason, on the platform’s behalf when a coordinator acts', async () => {
    const { store, incident, item, as, clock, useCase } = setUp();

    const result = await useCase.execute(as.coordinator, {
      incidentId: incident.id,
      itemId: item.id,
      platformKey: 'videoshare',
      status: 'cannot_comply',
      reason: '  geo-blocked by court order  ',
    });

    expect(result.cell).toMatchObject({
      status: 'cannot_comply',
      reason: 'geo-blocked by court order',
      acknowledgedAt: clock.now(),
      actedAt: clock.now(),
    });
    expect(result.event.data).toMatchObject({ onBehalf: true, from: 'notified', status: 'cannot_comply' });
    expect(store.cells(incident.id)[0].status).toBe('cannot_comply');
  });

  it('keeps how an answer came: the liaison in the hub, a coordinator told by phone', async () => {
    const { store, incident, item, as, useCase } = setUp();
    const command = { incidentId: incident.id, itemId: item.id, platformKey: 'videoshare' };

    const ack = await useCase.execute(as.videoshare, { ...command, status: 'acknowledged' });
    expect(ack.event.data).toMatchObject({ onBehalf: false, via: 'hub' });
    expect(ack.event.data).not.toHaveProperty('reportedBy');

    const demoted = await useCase.execute(as.coordinator, {
      ...command,
      status: 'demoted',
      via: 'phone',
      reportedBy: '  VideoShare   elections desk ',
    });
    expect(demoted.cell.status).toBe('demoted');
    expect(demoted.event.data).toMatchObject({
      onBehalf: true,
      via: 'phone',
      reportedBy: 'VideoShare elections desk',
      status: 'demoted',
    });
    expect(answerNote(demoted.event.data as AnswerFacts)).toBe(
      'answered by phone, reported by VideoShare elections desk, recorded by a coordinator',
    );
    expect(store.events(incident.id)).toHaveLength(2);
  });

  it('refuses a liaison naming another channel, and a coordinator claiming the hub, naming via', async () => {
    const { store, incident, item, cell, as, useCase } = setUp();
    const command = { incidentId: incident.id, itemId: item.id, platformKey: 'videoshare' };

    for (const [actor, via] of [
      [as.videoshare, 'phone'],
      [as.coordinator, 'hub'],
    ] as const) {
      await expect(useCase.execute(actor, { ...command, status: 'removed', via })).rejects.toMatchObject({
        code: ERROR_CODES.VALIDATION_FAILED,
        details: [expect.objectContaining({ field: 'via' })],
      });
    }
    await expect(
      useCase.execute(as.videoshare, { ...command, status: 'removed', reportedBy: 'someone' }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: 'reportedBy' })] });
    expect(store.cells(incident.id)).toEqual([cell]);
    expect(store.events(incident.id)).toEqual([]);
  });

  it('lets a coordinator record without naming the channel, as clients did before channels', async () => {
    const { incident, item, as, useCase } = setUp();
    const { event } = await useCase.execute(as.coordinator, {
      incidentId: incident.id,
      itemId: item.id,
      platformKey: 'videoshare',
      status: 'removed',
    });
    expect(event.data).toMatchObject({ onBehalf: true });
    expect(event.data).not.toHaveProperty('via');
    expect(answerNote(event.data as AnswerFacts)).toBe('answered outside the hub, recorded by a coordinator');
  });

  it('refuses the liaison of another platform, and changes nothing', async () => {
    const { store, incident, item, cell, as, useCase } = setUp();

    await expect(
      useCase.execute(as.clipcast, {
        incidentId: incident.id,
        itemId: item.id,
        platformKey: 'videoshare',
        status: 'removed',
      }),
    ).rejects.toMatchObject({ code: ERROR_CODES.WRONG_PLATFORM });
    expect(store.cells(incident.id)).toEqual([cell]);
    expect(store.events(incident.id)).toEqual([]);
  });

  it('refuses a move the containment machine does not allow, and a cell that does not exist', async () => {
    const { store, incident, item, cell, as, useCase } = setUp();
    const command = { incidentId: incident.id, itemId: item.id, platformKey: 'videoshare' };

    await expect(useCase.execute(as.videoshare, { ...command, status: 'notified' })).rejects.toMatchObject({
      code: ERROR_CODES.ILLEGAL_TRANSITION,
    });
    await expect(useCase.execute(as.videoshare, { ...command, status: 'no_action' })).rejects.toMatchObject({
      code: ERROR_CODES.VALIDATION_FAILED,
      details: [{ field: 'reason' }],
    });
    await expect(
      useCase.execute(as.coordinator, { ...command, platformKey: 'clipcast', status: 'acknowledged' }),
    ).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND });
    expect(store.cells(incident.id)).toEqual([cell]);
    expect(store.events(incident.id)).toEqual([]);
  });

  it('refuses work on an incident that is over', async () => {
    const { store, incident, item, cell, as, useCase } = setUp({ status: 'closed' });

    await expect(
      useCase.execute(as.videoshare, {
        incidentId: incident.id,
        itemId: item.id,
        platformKey: 'videoshare',
        status: 'acknowledged',
      }),
    ).rejects.toMatchObject({ code: ERROR_CODES.INCIDENT_CLOSED });
    expect(store.cells(incident.id)).toEqual([cell]);
  });
});
