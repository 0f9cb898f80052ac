import 'reflect-metadata';
import { buildReport } from './report.builder';
import { renderMarkdown } from './report.render';
import { reportFixture } from '@hub/testing';

const { at, EXERCISE, INCIDENT, NOW, PDQ, reportInput, SECRETS, T0 } = reportFixture;

describe('buildReport', () => {
  const report = buildReport(reportInput());

  it('carries the incident header', () => {
    expect(report.incident).toMatchObject({
      ref: 'TC-2025-0042',
      category: 'terrorist_content',
      protocol: 'eu-crisis-protocol',
      level: 'crisis',
      mode: 'live',
      status: 'closed',
      createdAt: '2025-03-01T10:00:00.000Z',
      closedAt: '2025-03-01T12:58:00.000Z',
      closingSummary: 'Contained on two of three services.',
      reviewSummary: null,
    });
    expect(report.generatedAt).toBe(NOW.toISOString());
  });

  it('shows each escalation step once, however many items its e-mail named', () => {
    const step = (seq: number, minutes: number, itemId: string, data: Record<string, unknown>) => ({
      id: `esc-${seq}`,
      incidentId: INCIDENT.id,
      seq,
      type: 'escalation.sent',
      at: at(minutes),
      actor: { memberId: null, organisationId: null },
      data: { itemId, platformKey: 'chirp', channel: 'email', contactIds: ['contact-1'], ...data },
      prevHash: 'x',
      hash: 'y',
    });
    const escalated = buildReport(
      reportInput({
        events: [
          step(101, 3, 'item-1', { step: 'share', tier: 1, tiers: [1] }),
          step(102, 3, 'item-2', { step: 'share', tier: 1, tiers: [1] }),
          step(103, 60, 'item-2', {
            step: 'act_overdue',
            tier: 3,
            tiers: [3],
            coordinatorContactIds: ['contact-9'],
          }),
        ],
      }),
    );
    expect(escalated.timeline.moments).toEqual([
      expect.objectContaining({
        seq: 101,
        type: 'escalation.sent',
        by: 'hub',
        step: 'share',
        tiers: [1],
        cells: 2,
      }),
      expect.objectContaining({ seq: 103, step: 'act_overdue', tiers: [3], coordinator: true, cells: 1 }),
    ]);
    expect(escalated.timeline.countsByType).toEqual({ 'escalation.sent': 3 });
    expect(JSON.stringify(escalated.timeline)).not.toMatch(/contact-/);
    const markdown = renderMarkdown(escalated);
    expect(markdown).toContain('chirp: share, tier 1, 2 items');
    expect(markdown).toContain('chirp: act overdue, tier 3 and the coordinator, 1 item');
  });

  it('summarises the timeline and its key moments', () => {
    expect(report.timeline).toMatchObject({
      events: 13,
      firstEventAt: T0.toISOString(),
      lastEventAt: at(178).toISOString(),
      messages: 2,
    });
    expect(report.timeline.countsByType).toEqual({
      'containment.overdue': 1,
      'containment.updated': 1,
      'incident.activated': 1,
      'incident.closed': 1,
      'incident.level_changed': 1,
      'incident.participant_added': 1,
      'incident.standing_down': 1,
      'item.shared': 4,
      'message.posted': 2,
    });
    expect(report.timeline.moments).toEqual([
      {
        seq: 1,
        type: 'incident.activated',
        at: T0.toISOString(),
        by: 'EU coordination',
        status: 'active',
        level: 'incident',
      },
      {
        seq: 2,
        type: 'incident.level_changed',
        at: at(1).toISOString(),
        by: 'EU coordination',
        fromLevel: 'incident',
        toLevel: 'crisis',
      },
      {
        seq: 3,
        type: 'incident.participant_added',
        at: at(1.5).toISOString(),
        by: 'EU coordination',
        added: ['Pixgram', 'platform pixgram'],
      },
      {
        seq: 10,
        type: 'incident.standing_down',
        at: at(120).toISOString(),
        by: 'EU coordination',
        status: 'standing_down',
      },
      {
        seq: 13,
        type: 'incident.closed',
        at: at(178).toISOString(),
        by: 'EU coordination',
        status: 'closed',
      },
    ]);
  });

  it('lists the participating organisations only, without members or webhooks', () => {
    expect(report.participants).toEqual([
      { name: 'EU coordination', kind: 'coordinator', country: null, platformKey: null },
      { name: 'Federal police', kind: 'authority', country: 'BE', platformKey: null },
      { name: 'Chirp', kind: 'platform', country: null, platformKey: 'chirp' },
      { name: 'Pixgram', kind: 'platform', country: null, platformKey: 'pixgram' },
      { name: 'VideoShare', kind: 'platform', country: null, platformKey: 'videoshare' },
    ]);
  });

  it('counts items by kind, channel and content type, and lists removal orders with their legal reference', () => {
    expect(report.items).toMatchObject({
      total: 4,
      byKind: { url: 1, hash: 1, account: 2 },
      byChannel: { alert: 2, referral: 1, removal_order: 1 },
      byContentType: { image: 1, unspecified: 2, video: 1 },
      variants: 0,
      reportedBySeveral: 1,
    });
    expect(report.items.removalOrders).toEqual([
      {
        itemId: 'item-1',
        target: 'https://videoshare.example/v/abc',
        legalReference: 'TCO art. 3, order "BE|2025"\n17',
        issuedAt: at(2).toISOString(),
        issuedBy: ['Federal police'],
        platforms: ['videoshare'],
      },
    ]);
  });

  it('gives the per-platform containment numbers of the containment summary', () => {
    expect(report.containment.ackDeadlineMinutes).toBe(15);
    const byKey = Object.fromEntries(report.containment.platforms.map((p) => [p.platformKey, p]));
    expect(report.containment.platforms.map((p) => p.platformKey)).toEqual([
      'chirp',
      'pixgram',
      'videoshare',
    ]);
    expect(byKey.videoshare).toMatchObject({
      organisation: 'VideoShare',
      cells: 2,
      acknowledged: 2,
      acted: 1,
      overdue: 0,
      ackMedianMinutes: 5,
      ackP90Minutes: 18,
      actMedianMinutes: 30,
      actP90Minutes: 30,
      withinDeadlineShare: 0.5,
    });
    expect(byKey.videoshare.counts).toMatchObject({ removed: 1, acknowledged: 1, notified: 0 });
    expect(byKey.chirp).toMatchObject({
      cells: 2,
      acknowledged: 0,
      acted: 0,
      overdue: 1,
      ackMedianMinutes: null,
      actMedianMinutes: null,
      withinDeadlineShare: 0,
    });
    expect(byKey.pixgram).toMatchObject({
      cells: 2,
      acknowledged: 1,
      acted: 1,
      overdue: 0,
      ackMedianMinutes: 12,
      ackP90Minutes: 12,
      actMedianMinutes: 40,
      withinDeadlineShare: 1,
    });
  });

  it('gives one row per item and platform with times, minutes and deadline verdicts', () => {
    const rows = report.containment.rows;
    expect(rows.map((r) => `${r.itemId}/${r.platformKey}`)).toEqual([
      'item-1/videoshare',
      'item-2/chirp',
      'item-2/pixgram',
      'item-2/videoshare',
      'item-3/chirp',
      'item-4/pixgram',
    ]);
    expect(rows[0]).toEqual({
      itemId: 'item-1',
      kind: 'url',
      target: 'https://videoshare.example/v/abc',
      url: 'https://videoshare.example/v/abc',
      hashAlgorithm: null,
      hashValue: null,
      accountPlatform: null,
      channel: 'removal_order',
      platformKey: 'videoshare',
      status: 'removed',
      createdAt: at(2).toISOString(),
      ackDueAt: at(17).toISOString(),
      acknowledgedAt: at(7).toISOString(),
      minutesToAcknowledge: 5,
      metAckDeadline: 'yes',
      actionDueAt: at(62).toISOString(),
      actedAt: at(32).toISOString(),
      minutesToAct: 30,
      metActionDeadline: 'yes',
      answeredVia: 'hub',
      reportedBy: null,
      recordedBy: 'liaison',
      answer: 'answered in the hub',
    });
    expect(rows[1]).toMatchObject({
      target: `pdq:${PDQ}`,
      status: 'notified',
      metAckDeadline: 'no',
      metActionDeadline: null,
    });
    expect(rows[2]).toMatchObject({ minutesToAcknowledge: 12, metAckDeadline: 'yes', minutesToAct: 40 });
    expect(rows[3]).toMatchObject({ minutesToAcknowledge: 18, metAckDeadline: 'no' });
    expect(rows[4]).toMatchObject({
      target: 'account on chirp',
      status: 'pending',
      metAckDeadline: 'open',
      minutesToAcknowledge: null,
    });
  });

  it('is a pure function of its input', () => {
    expect(buildReport(reportInput())).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('has no exercise part unless one is given', () => {
    expect(report.exercise).toBeUndefined();
  });
});

describe('the exercise part', () => {
  const report = buildReport(
    reportInput({ incident: { ...INCIDENT, mode: 'exercise' }, exercise: EXERCISE }),
  );

  it('carries the scenario, injects, expectations and score', () => {
    expect(report.exercise).toMatchObject({
      scenarioName: 'Livestreamed attack, cross-border spread',
      speed: 10,
      status: 'completed',
      overall: 50,
      met: 2,
      missed: 2,
    });
    expect(report.exercise?.injects).toHaveLength(4);
    expect(report.exercise?.injects[3]).toEqual({ at: '4h', by: 'coord', do: 'stand_down' });
  });

  it('copies only the known exercise fields', () => {
    const injects = EXERCISE.injects.map((i) => ({ ...i, text: SECRETS.messageText }));
    const withText = buildReport(reportInput({ exercise: { ...EXERCISE, injects } }));
    expect(JSON.stringify(withText)).not.toContain(SECRETS.messageText);
  });
});

describe('time to acknowledge by channel', () => {
  it('counts every acknowledgement in the hub unless a contact answered through a mailed link', () => {
    expect(buildReport(reportInput()).containment.acknowledgedVia).toEqual([
      { channel: 'hub', acknowledged: 3, medianMinutes: expect.any(Number) },
    ]);
    const input = reportInput();
    const byMail = {
      ...input.events[0],
      id: 'ev-mail',
      seq: 99,
      type: 'containment.updated',
      at: at(23),
      actor: { memberId: null, organisationId: null },
      data: {
        itemId: 'item-2',
        platformKey: 'videoshare',
        status: 'acknowledged',
        acknowledgedAt: at(23).toISOString(),
        contactId: 'contact-1',
      },
    };
    const via = buildReport({ ...input, events: [...input.events, byMail] }).containment.acknowledgedVia;
    expect(via).toEqual([
      { channel: 'hub', acknowledged: 2, medianMinutes: expect.any(Number) },
      { channel: 'email', acknowledged: 1, medianMinutes: 18 },
    ]);
  });
});
