import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import type { EventView } from '@hub/contracts';
import { declareIncident, SmtpInbox, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/**
 * The chain a platform that never integrates goes through in a crisis: its items reach its duty desk by
 * e-mail, one click acknowledges, and the coordinator sees the receipt live in the incident room.
 */
describe('a platform reached only by e-mail, seen live by the coordinator', () => {
  let t: TestHub;
  let as: Cast;
  let room: RoomClient | undefined;
  const inbox = new SmtpInbox();

  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'mail-room',
      env: {
        SMTP_URL: inbox.url,
        HUB_PUBLIC_URL: 'https://hub.example',
        HUB_MAIL_BATCH_SECONDS: '0.2',
      },
    });
    as = await t.seed();
  });
  afterAll(async () => {
    room?.close();
    await t?.close();
    await inbox.stop();
  });

  it('mails the crisis item to the only contact, takes the one-click receipt, and shows it in the room and the report', async () => {
    // The platform's one way in: a tier-1 duty desk (the seeded platform has no webhook).
    const desk = await t.admin.post(`/organisations/${as.videoshare.organisation.id}/contacts`, {
      name: 'Duty desk',
      email: 'desk@videoshare.example',
      tier: 1,
    });
    expect(desk.status).toBe(201);

    const incident = await declareIncident(as, { participants: ['be', 'videoshare'], level: 'crisis' });
    room = new RoomClient({ url: t.url, token: as.coordinator.token });
    const seen: EventView[] = [];
    room.onEvent((e) => seen.push(e));
    await room.connected();
    await room.join(incident.id);

    const shared = await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/attack-clip',
      channel: 'referral',
    });
    expect(shared.status).toBe(201);
    const itemId: string = shared.body.item.id;

    // The e-mail reaches the SMTP server, with a receipt link for the item.
    const [received] = await waitFor(
      () => inbox.to('desk@videoshare.example').filter((m) => m.mail.subject?.includes(incident.ref)),
      (m) => m.length === 1,
      { what: 'the e-mail to the duty desk' },
    );
    expect(received.mail.text).toContain('https://videoshare.example/v/attack-clip');
    const link = /https:\/\/hub\.example(\/r\/[A-Za-z0-9_.-]+)/.exec(received.mail.text!)![1];
    // The room shows that the platform was e-mailed.
    await waitFor(() => seen.find((e) => e.type === 'escalation.sent'), Boolean, {
      what: 'the e-mail step in the room',
    });
    expect(seen.find((e) => e.type === 'delivery.succeeded')!.data).toMatchObject({
      channel: 'email',
      contactId: desk.body.id,
      itemIds: [itemId],
    });

    // One click: the form on the receipt page posts the acknowledgement.
    const page = await fetch(`${t.url}${link}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="status" value="acknowledged"');
    const ack = await fetch(`${t.url}${link}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=acknowledged',
    });
    expect(ack.status).toBe(200);

    // The coordinator's room socket receives it live, attributed to the contact.
    const update = await waitFor(() => seen.find((e) => e.type === 'containment.updated'), Boolean, {
      what: 'the acknowledgement in the room',
    });
    expect(update!.actor).toEqual({ memberId: null, organisationId: as.videoshare.organisation.id });
    expect(update!.data).toMatchObject({
      itemId,
      platformKey: 'videoshare',
      status: 'acknowledged',
      contactId: desk.body.id,
    });

    // The report gives the time to acknowledge by channel: e-mail.
    const report = await as.coordinator.api.get(`/incidents/${incident.id}/report?format=json`);
    expect(report.status).toBe(200);
    expect(report.body.containment.acknowledgedVia).toEqual([
      { channel: 'email', acknowledged: 1, medianMinutes: expect.any(Number) },
    ]);
  }, 60_000);
});
