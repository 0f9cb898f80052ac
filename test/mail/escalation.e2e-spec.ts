import { HUB_OPTIONS } from '@hub/app';
import { SmtpInbox, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Crisis: 15 minutes to acknowledge, 60 to act on a removal order; at 600× that is 1.5 s and 6 s. */
const SCENARIO = `name: Escalation ladder drill
category: terrorist_content
level: crisis
organisations:
  coord: { kind: coordinator, name: EU coordination }
  be: { kind: authority, country: BE, name: Federal police }
  videoshare: { kind: platform, platformKey: videoshare, domains: [videoshare.example] }
injects:
  - { at: 0m, by: coord, do: activate, title: Ladder drill }
  - at: 1m
    by: be
    do: share
    as: clip
    item: { kind: url, url: "https://videoshare.example/v/ladder", channel: removal_order, legalReference: "TCO art. 3" }
  - { at: 120m, by: coord, do: post, text: Still nobody at videoshare }
`;

/** The built-in protocols with a ladder at crisis level: the backup hears of a late acknowledgement too. */
function protocolsWithLadder(): string {
  const file = join(tmpdir(), `protocols-ladder-${process.pid}.yaml`);
  const text = readFileSync(join(__dirname, '..', '..', 'config', 'protocols.yaml'), 'utf8').replace(
    /\n {2}- key: election-integrity/,
    '\n    escalation:\n      crisis: { share: [1], ackOverdue: [1, 2], actOverdue: [3] }\n\n  - key: election-integrity',
  );
  writeFileSync(file, text);
  return file;
}

describe('escalation ladders on the exercise clock', () => {
  let t: TestHub;
  let as: Cast;
  const inbox = new SmtpInbox();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'ladder',
      env: {
        SMTP_URL: inbox.url,
        HUB_MAIL_BATCH_SECONDS: '0.2',
        HUB_PROTOCOL_FILE: protocolsWithLadder(),
      },
    });
    as = await t.seed();
    for (const [key, tier, exercise] of [
      ['desk', 1, false],
      ['backup', 2, false],
      ['head', 3, false],
      ['drill-desk', 1, true],
      ['drill-backup', 2, true],
      ['drill-head', 3, true],
    ] as const) {
      const res = await t.admin.post(`/organisations/${as.videoshare.organisation.id}/contacts`, {
        name: key,
        email: `${key}@videoshare.example`,
        tier,
        exercise,
      });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
    // The coordinator's own duty desk hears of an action overdue at crisis level (its exercise desk in a drill).
    for (const [key, tier, exercise] of [
      ['coord-desk', 1, false],
      ['coord-backup', 2, true],
      ['coord-drill-desk', 1, true],
    ] as const) {
      const res = await t.admin.post(`/organisations/${as.coordinator.organisation.id}/contacts`, {
        name: key,
        email: `${key}@coordination.example`,
        tier,
        exercise,
      });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  it('climbs from tier 1 at share to tier 2 when the acknowledgement is late and tier 3 when the action is', async () => {
    const scenario = await as.coordinator.api.request('POST', '/scenarios', SCENARIO, {
      'content-type': 'application/yaml',
    });
    expect(scenario.status).toBe(201);
    const run = (await as.coordinator.api.post('/exercises', { scenarioId: scenario.body.id, speed: 600 }))
      .body;
    const events = await waitFor(
      async () =>
        (await as.coordinator.api.get(`/incidents/${run.incidentId}/events?limit=500`)).body.items as any[],
      (es) => es.some((e) => e.type === 'escalation.sent' && e.data.step === 'act_overdue'),
      { what: 'the act-overdue escalation', timeoutMs: 60_000 },
    );
    const steps = events.filter((e) => e.type === 'escalation.sent');
    expect(steps.map((e) => [e.data.step, e.data.tiers, e.data.channel])).toEqual([
      ['share', [1], 'email'],
      ['ack_overdue', [1, 2], 'email'],
      ['act_overdue', [3], 'email'],
    ]);
    expect(steps[1].data.contactIds.sort()).toEqual([ids['drill-desk'], ids['drill-backup']].sort());
    expect(steps[2].data.contactIds).toEqual([ids['drill-head']]);
    // Only the action-overdue step reaches the coordinator: its exercise duty desk, not the live one.
    expect(steps.map((e) => e.data.coordinatorContactIds)).toEqual([
      undefined,
      undefined,
      [ids['coord-drill-desk']],
    ]);
    const coordinatorLines = events.filter(
      (e) => e.type === 'delivery.succeeded' && e.data.recipient === 'coordinator',
    );
    expect(coordinatorLines).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          channel: 'email',
          contactId: ids['coord-drill-desk'],
          organisationId: as.coordinator.organisation.id,
          platformKey: 'videoshare',
          purpose: 'act',
          tier: 1,
        }),
      }),
    ]);
    // Each step comes after the deadline it follows, on the exercise clock.
    const item = (await as.coordinator.api.get(`/incidents/${run.incidentId}/items`)).body.items[0];
    const cell = item.containment[0];
    expect(new Date(steps[1].at).getTime()).toBeGreaterThanOrEqual(new Date(cell.ackDueAt).getTime());
    expect(new Date(steps[2].at).getTime()).toBeGreaterThanOrEqual(new Date(cell.actionDueAt).getTime());
    expect(new Date(cell.actionDueAt).getTime() - new Date(item.createdAt).getTime()).toBeLessThan(7_000);
    // The mails: one per step and contact, all exercise contacts; the live ones hear nothing of a drill.
    const ref = (await as.coordinator.api.get(`/incidents/${run.incidentId}`)).body.ref;
    const about = (who: string) =>
      inbox.to(`${who}@videoshare.example`).filter((m) => m.mail.subject?.includes(ref));
    await waitFor(
      () => about('drill-head'),
      (m) => m.length === 1,
      { what: 'the tier-3 e-mail' },
    );
    expect(about('drill-desk').map((m) => m.mail.subject)).toEqual([
      expect.stringContaining('New items'),
      expect.stringContaining('acknowledgement overdue'),
    ]);
    expect(about('drill-backup').map((m) => m.mail.subject)).toEqual([
      expect.stringContaining('acknowledgement overdue'),
    ]);
    expect(about('drill-head')[0].mail.subject).toContain('action overdue');
    expect(about('drill-head')[0].mail.text).toContain('EXERCISE');
    for (const live of ['desk', 'backup', 'head']) expect(about(live)).toEqual([]);
    // The coordinator's e-mail names the platform, the item and how late it is, links the incident in the
    // console and carries no receipt link: a coordinator does not answer for the platform.
    const toCoordinator = (who: string) =>
      inbox.to(`${who}@coordination.example`).filter((m) => m.mail.subject?.includes(ref));
    const [overdue] = await waitFor(
      () => toCoordinator('coord-drill-desk'),
      (m) => m.length >= 1,
      { what: "the coordinator's e-mail" },
    );
    expect(overdue.mail.subject).toBe(`[${ref}] A platform has not acted in time: videoshare, 1 item`);
    expect(overdue.mail.text).toContain('EXERCISE');
    expect(overdue.mail.text).toContain('https://videoshare.example/v/ladder');
    expect(overdue.mail.text).toMatch(/removal order\): status \w+, \d+ min late/);
    expect(overdue.mail.text).toContain(`/#/incidents/${run.incidentId}`);
    expect(overdue.mail.text).not.toContain('/r/');
    expect(overdue.mail.html).not.toContain('/r/');
    expect(toCoordinator('coord-desk')).toEqual([]);
    expect(toCoordinator('coord-backup')).toEqual([]);
    // The report's timeline counts the steps.
    const report = await as.coordinator.api.get(`/incidents/${run.incidentId}/report?format=json`);
    expect(report.body.timeline.countsByType['escalation.sent']).toBe(3);
  }, 120_000);
});
