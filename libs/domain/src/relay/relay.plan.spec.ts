import type { EventRecord } from '../events/event.model';
import { dueBy, planJobs, withdrawnDeadlineChecks, withoutIdleDeliveries } from './relay.plan';

function shared(incidentId: string, platforms: string[]): EventRecord {
  return {
    id: '41',
    incidentId,
    seq: 2,
    type: 'item.shared',
    at: new Date('2026-11-23T00:00:00Z'),
    actor: { memberId: null, organisationId: null },
    data: {
      itemId: `item-${incidentId}`,
      cells: platforms.map((platformKey) => ({
        platformKey,
        ackDueAt: '2026-11-23T00:15:00.000Z',
        actionDueAt: null,
      })),
    },
  } as unknown as EventRecord;
}

describe('deliveries that would go nowhere', () => {
  const jobs = [
    ...planJobs(shared('live-1', ['hooked', 'silent'])),
    ...planJobs(shared('drill-1', ['silent'])),
  ];
  const targets = { liveIncidents: new Set(['live-1']), platformsWithWebhook: new Set(['hooked']) };

  it('drops a live incident’s delivery to a platform without a webhook, and keeps everything else', () => {
    const kept = withoutIdleDeliveries(jobs, targets);
    const deliveries = kept.filter((j) => j.queue === 'deliveries').map((j) => j.id);
    expect(deliveries).toEqual(['dlv_item-live-1_hooked', 'dlv_item-drill-1_silent']);
    // Deadline checks are never dropped: every cell keeps its clock.
    expect(kept.filter((j) => j.queue === 'deadlines')).toHaveLength(3);
  });
});

describe('deadline checks within the horizon', () => {
  const at = (iso: string) => new Date(iso);
  const cell = (ackDueAt: string, actionDueAt: string | null) =>
    planJobs({
      ...shared('live-1', ['hooked']),
      data: { itemId: 'item-1', cells: [{ platformKey: 'hooked', ackDueAt, actionDueAt }] },
    } as unknown as EventRecord);

  it('keeps the checks due by the horizon and every other job', () => {
    const jobs = cell('2026-11-23T00:01:00.000Z', '2026-11-23T01:00:00.000Z');
    const kept = dueBy(jobs, at('2026-11-23T00:02:00.000Z'));
    expect(kept.map((j) => j.id)).toEqual([
      'dlv_item-1_hooked',
      'ddl_item-1_hooked_ack_2026-11-23T00_01_00_000Z_0',
    ]);
  });

  it('keeps reminders, whatever their time: nothing else would find them again', () => {
    const reminder = planJobs({
      id: '77',
      incidentId: 'live-1',
      seq: 9,
      type: 'containment.overdue',
      at: at('2026-11-23T00:15:00Z'),
      actor: { memberId: null, organisationId: null },
      data: {
        itemId: 'item-1',
        platformKey: 'hooked',
        kind: 'ack',
        dueAt: '2026-11-23T00:15:00.000Z',
        repeat: 0,
        nextAt: '2026-11-23T00:30:00.000Z',
      },
    } as unknown as EventRecord);
    expect(dueBy(reminder, at('2026-11-23T00:16:00.000Z'))).toEqual(reminder);
  });
});

describe('matching jobs', () => {
  const withHash = (hash: Record<string, unknown>) => {
    const event = shared('live-1', []);
    return planJobs({ ...event, data: { ...event.data, hash } }).filter((j) => j.queue === 'matching');
  };

  it('asks for matching of a PDQ picture and a vPDQ video, not of other hashes', () => {
    expect(withHash({ algorithm: 'pdq', value: '0'.repeat(64) })).toEqual([
      {
        queue: 'matching',
        id: 'match_41',
        data: { eventId: '41', incidentId: 'live-1', itemId: 'item-live-1' },
      },
    ]);
    expect(withHash({ algorithm: 'vpdq', frameCount: 3 })).toHaveLength(1);
    expect(withHash({ algorithm: 'md5', value: '0'.repeat(32) })).toEqual([]);
  });
});

describe('bank jobs', () => {
  const planned = (data: Record<string, unknown>) => {
    const event = shared('live-1', []);
    return planJobs({ ...event, data: { ...event.data, ...data } }).filter((j) => j.queue === 'banks');
  };

  it('asks for a bank check of every hash banks hold and of every URL, not of accounts or TMK', () => {
    expect(planned({ hash: { algorithm: 'pdq', value: '0'.repeat(64) } })).toEqual([
      { queue: 'banks', id: 'bank_41', data: { eventId: '41', incidentId: 'live-1', itemId: 'item-live-1' } },
    ]);
    for (const algorithm of ['vpdq', 'md5', 'sha1', 'sha256']) {
      expect(planned({ hash: { algorithm, value: 'x' } })).toHaveLength(1);
    }
    expect(planned({ kind: 'url', hash: null })).toHaveLength(1);
    expect(planned({ kind: 'hash', hash: { algorithm: 'tmk', value: 'x' } })).toEqual([]);
    expect(planned({ kind: 'account', hash: null })).toEqual([]);
  });

  it('asks for none on a hub that holds no bank (an import later takes its signals back over the share)', () => {
    const event = shared('live-1', ['hooked']);
    const jobs = planJobs(
      { ...event, data: { ...event.data, hash: { algorithm: 'pdq', value: '0'.repeat(64) } } },
      { banked: false },
    );
    expect(jobs.filter((j) => j.queue === 'banks')).toEqual([]);
    expect(jobs.map((j) => j.queue)).toEqual(expect.arrayContaining(['deliveries', 'matching']));
  });
});

describe('deadline checks an update withdraws', () => {
  const updated = (data: Record<string, unknown>): EventRecord =>
    ({
      id: '90',
      incidentId: 'live-1',
      seq: 12,
      type: 'containment.updated',
      at: new Date('2026-11-23T00:40:00Z'),
      actor: { memberId: 'm', organisationId: 'o' },
      data: {
        itemId: 'item-1',
        platformKey: 'hooked',
        from: 'notified',
        reason: null,
        onBehalf: false,
        ackDueAt: '2026-11-23T00:15:00.000Z',
        actionDueAt: '2026-11-23T01:00:00.000Z',
        acknowledgedAt: null,
        actedAt: null,
        ...data,
      },
    }) as unknown as EventRecord;
  const plannedIds = (event: EventRecord) => planJobs(event).map((j) => j.id);

  it('withdraws the first acknowledgement check and each reminder planned so far, not the action’s', () => {
    const overdue = (repeat: number): EventRecord =>
      ({
        id: String(80 + repeat),
        incidentId: 'live-1',
        seq: 10 + repeat,
        type: 'containment.overdue',
        at: new Date('2026-11-23T00:15:00Z'),
        actor: { memberId: null, organisationId: null },
        data: {
          itemId: 'item-1',
          platformKey: 'hooked',
          kind: 'ack',
          dueAt: '2026-11-23T00:15:00.000Z',
          repeat,
          nextAt: '2026-11-23T00:30:00.000Z',
        },
      }) as unknown as EventRecord;
    const first = planJobs({
      ...shared('live-1', ['hooked']),
      data: {
        itemId: 'item-1',
        cells: [
          {
            platformKey: 'hooked',
            ackDueAt: '2026-11-23T00:15:00.000Z',
            actionDueAt: '2026-11-23T01:00:00.000Z',
          },
        ],
      },
    } as unknown as EventRecord).filter((j) => j.queue === 'deadlines');
    const reminders = [overdue(0), overdue(1)].flatMap(plannedIds).filter((id) => id.startsWith('ddl_'));
    const withdrawn = withdrawnDeadlineChecks(
      updated({ status: 'acknowledged', acknowledgedAt: '2026-11-23T00:40:00.000Z', overdueCount: 2 }),
    );
    const ackFirst = first.map((j) => j.id).filter((id) => id.includes('_ack_'));
    const actFirst = first.map((j) => j.id).filter((id) => id.includes('_act_'));
    expect(withdrawn).toEqual(expect.arrayContaining([...ackFirst, ...reminders]));
    expect(withdrawn).not.toEqual(expect.arrayContaining(actFirst));
  });

  it('withdraws both kinds once acted on, and nothing for an update that finishes neither', () => {
    const acted = withdrawnDeadlineChecks(
      updated({
        status: 'removed',
        acknowledgedAt: '2026-11-23T00:10:00.000Z',
        actedAt: '2026-11-23T00:40:00.000Z',
      }),
    );
    expect(acted.map((id) => id.split('_')[3]).sort()).toEqual(['ack', 'act']);
    expect(withdrawnDeadlineChecks(updated({ status: 'clarification_requested' }))).toEqual([]);
    expect(withdrawnDeadlineChecks(shared('live-1', ['hooked']))).toEqual([]);
  });
});
