import { HUB_OPTIONS } from '@hub/app';
import { RunWebhookLaneUseCase, signLink } from '@hub/domain';
import { declareIncident, SmtpInbox, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/** The receipt links of a mail's text, as paths on the test hub (the mail names HUB_PUBLIC_URL's host). */
const linksOf = (text: string): string[] =>
  [...text.matchAll(/https?:\/\/[^\s]+\/r\/([A-Za-z0-9_.-]+)/g)].map((m) => `/r/${m[1]}`);

/*
 * Over 450 lines on purpose: contact points, batching, receipts and escalation share one hub, its cast and
 * one SMTP inbox, started once; split apart, each part would start them again.
 */
describe('e-mail to contact points, with one-click receipts', () => {
  let t: TestHub;
  let as: Cast;
  const inbox = new SmtpInbox();
  const contacts: Record<string, string> = {};

  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'mail',
      env: {
        SMTP_URL: inbox.url,
        HUB_MAIL_FROM: 'Crisis hub <hub@hub.example>',
        HUB_PUBLIC_URL: 'https://hub.example',
        HUB_MAIL_BATCH_SECONDS: '0.3',
        HUB_WEBHOOK_BACKOFF_MS: '100',
      },
    });
    as = await t.seed();
    const add = async (key: string, body: Record<string, unknown>) => {
      const res = await t.admin.post(`/organisations/${as.videoshare.organisation.id}/contacts`, body);
      expect(res.status).toBe(201);
      contacts[key] = res.body.id;
    };
    await add('desk', {
      name: 'Duty desk',
      email: 'desk@videoshare.example',
      tier: 1,
      languages: ['en', 'fr'],
    });
    await add('backup', { name: 'Backup', email: 'backup@videoshare.example', tier: 2 });
    await add('head', { name: 'Head of trust and safety', email: 'head@videoshare.example', tier: 3 });
    await add('drillDesk', {
      name: 'Drill desk',
      email: 'drill@videoshare.example',
      tier: 1,
      exercise: true,
    });
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  const eventsOf = async (incidentId: string): Promise<any[]> =>
    (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items;
  const share = (incidentId: string, path: string) =>
    as.be.api.post(`/incidents/${incidentId}/items`, {
      kind: 'url',
      url: `https://videoshare.example/v/${path}`,
      channel: 'referral',
    });
  const mailsAbout = (ref: string, address: string) =>
    inbox.to(address).filter((m) => m.mail.subject?.includes(ref));

  describe('contact points', () => {
    it('refuses an invalid address, naming the field, and stores nothing', async () => {
      const res = await t.admin.post(`/organisations/${as.videoshare.organisation.id}/contacts`, {
        name: 'Nobody',
        email: 'not-an-address',
        tier: 1,
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('email');
      const bad = await t.admin.post(`/organisations/${as.videoshare.organisation.id}/contacts`, {
        name: 'Nobody',
        email: 'x@videoshare.example',
        tier: 4,
      });
      expect(bad.status).toBe(400);
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM contacts`);
      expect(rows[0].n).toBe(4);
    });

    it('shows an organisation its own contacts, and no other organisation', async () => {
      const own = await as.videoshare.api.get(`/organisations/${as.videoshare.organisation.id}/contacts`);
      expect(own.status).toBe(200);
      expect(own.body.items.map((c: any) => c.email)).toEqual([
        'desk@videoshare.example',
        'drill@videoshare.example',
        'backup@videoshare.example',
        'head@videoshare.example',
      ]);
      expect(own.body.items[0]).toMatchObject({ tier: 1, languages: ['en', 'fr'], exercise: false });
      expect(
        (await as.clipcast.api.get(`/organisations/${as.videoshare.organisation.id}/contacts`)).status,
      ).toBe(404);
      expect((await t.admin.get(`/organisations/${as.videoshare.organisation.id}/contacts`)).status).toBe(
        200,
      );
    });

    it('lets an admin remove a contact', async () => {
      const made = await t.admin.post(`/organisations/${as.clipcast.organisation.id}/contacts`, {
        name: 'Temp',
        email: 'temp@clipcast.example',
        tier: 1,
      });
      expect((await as.clipcast.api.request('DELETE', `/contacts/${made.body.id}`)).status).toBe(403);
      expect((await t.admin.request('DELETE', `/contacts/${made.body.id}`)).status).toBe(204);
      expect((await t.admin.request('DELETE', `/contacts/${made.body.id}`)).status).toBe(404);
    });
  });

  describe('delivery and receipts', () => {
    let incident: any;
    let firstItemId: string;
    let firstLink: string;

    it('mails a new cell to the live tier-1 contact only, in text and HTML, with the reference in the subject', async () => {
      incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
      const shared = await share(incident.id, 'first');
      firstItemId = shared.body.item.id;
      const [received] = await waitFor(
        () => mailsAbout(incident.ref, 'desk@videoshare.example'),
        (m) => m.length === 1,
        {
          what: 'the tier-1 e-mail',
        },
      );
      const { mail } = received;
      expect(mail.subject).toContain(`[${incident.ref}]`);
      expect(mail.from?.text).toContain('hub@hub.example');
      expect(mail.text).toContain('https://videoshare.example/v/first');
      expect(mail.html).toContain('https://videoshare.example/v/first');
      expect(mail.messageId).toMatch(/^<.+@hub\.example>$/);
      expect(mail.inReplyTo).toBeUndefined();
      const links = linksOf(mail.text!);
      expect(links).toHaveLength(2); // the cell's, and the whole batch's
      firstLink = links[0];
      // Nobody else: not the backup, not the head, not the exercise contact.
      for (const other of ['backup', 'head', 'drill'])
        expect(mailsAbout(incident.ref, `${other}@videoshare.example`)).toEqual([]);
      const events = await waitFor(
        () => eventsOf(incident.id),
        (es) => es.some((e) => e.type === 'escalation.sent'),
        { what: 'the escalation event' },
      );
      const delivered = events.filter((e) => e.type === 'delivery.succeeded');
      expect(delivered).toHaveLength(1);
      expect(delivered[0].data).toMatchObject({
        channel: 'email',
        platformKey: 'videoshare',
        contactId: contacts.desk,
        tier: 1,
        itemCount: 1,
        itemIds: [firstItemId],
      });
      expect(events.find((e) => e.type === 'escalation.sent').data).toEqual({
        itemId: firstItemId,
        platformKey: 'videoshare',
        tier: 1,
        tiers: [1],
        step: 'share',
        channel: 'email',
        contactIds: [contacts.desk],
      });
      const item = await as.coordinator.api.get(`/incidents/${incident.id}/items/${firstItemId}`);
      expect(item.body.containment[0].status).toBe('notified');
    });

    it('threads the incident’s next e-mail under its first', async () => {
      await share(incident.id, 'second');
      const mails = await waitFor(
        () => mailsAbout(incident.ref, 'desk@videoshare.example'),
        (m) => m.length === 2,
        {
          what: 'the second e-mail',
        },
      );
      expect(mails[1].mail.inReplyTo).toBe(mails[0].mail.messageId);
      expect(mails[1].mail.references).toEqual(mails[0].mail.messageId);
      expect(mails[1].mail.messageId).not.toBe(mails[0].mail.messageId);
      await waitFor(
        () => eventsOf(incident.id),
        (es) => es.filter((e) => e.type === 'escalation.sent').length === 2,
        { what: 'the second escalation event' },
      );
    });

    it('keeps contacts out of reports and exports', async () => {
      for (const path of [
        'report?format=md',
        'report?format=json',
        'report?format=csv',
        'export?format=stix',
      ]) {
        const res = await fetch(`${t.url}/api/v1/incidents/${incident.id}/${path}`, {
          headers: { authorization: `Bearer ${as.coordinator.token}` },
        });
        expect(res.status).toBe(200);
        const body = await res.text();
        expect(body).not.toContain('@videoshare.example');
        expect(body).not.toContain('Duty desk');
      }
    });

    it('shows the cell on GET and changes nothing', async () => {
      const before = (await eventsOf(incident.id)).length;
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${t.url}${firstLink}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        const html = await res.text();
        expect(html).toContain('https://videoshare.example/v/first');
        expect(html).toContain(incident.ref);
        expect(html).toContain('<form method="post"');
        expect(html).not.toContain('<script');
      }
      expect((await eventsOf(incident.id)).length).toBe(before);
      const item = await as.coordinator.api.get(`/incidents/${incident.id}/items/${firstItemId}`);
      expect(item.body.containment[0].status).toBe('notified');
    });

    it('acknowledges once on POST, attributed to the contact, and refuses the same answer again', async () => {
      const post = (body: string) =>
        fetch(`${t.url}${firstLink}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
      const ok = await post('status=acknowledged');
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('Recorded: acknowledged');
      const again = await post('status=acknowledged');
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('already acknowledged');
      const updates = (await eventsOf(incident.id)).filter((e) => e.type === 'containment.updated');
      expect(updates).toHaveLength(1);
      expect(updates[0].actor).toEqual({ memberId: null, organisationId: as.videoshare.organisation.id });
      expect(updates[0].data).toMatchObject({
        itemId: firstItemId,
        status: 'acknowledged',
        contactId: contacts.desk,
      });
      // An outcome that needs a reason is refused without one, with a page saying so.
      const noReason = await post('status=no_action');
      expect(noReason.status).toBe(400);
      expect(await noReason.text()).toContain('reason');
      // The report shows how the cell was acknowledged: by e-mail, and how fast.
      const report = await as.coordinator.api.get(`/incidents/${incident.id}/report?format=json`);
      expect(report.body.containment.acknowledgedVia).toEqual([
        { channel: 'email', acknowledged: 1, medianMinutes: expect.any(Number) },
      ]);
      const md = await as.coordinator.api.get(`/incidents/${incident.id}/report?format=md`);
      expect(md.body).toContain('through e-mailed receipt links: 1');
      const removed = await post('status=removed');
      expect(removed.status).toBe(200);
      expect(await removed.text()).toContain('Recorded: removed');
      // The cell is closed now: the link only says so.
      const closed = await fetch(`${t.url}${firstLink}`);
      expect(closed.status).toBe(409);
      expect(await closed.text()).toContain('closed');
    });

    it('refuses a tampered or expired link with a page saying why', async () => {
      const token = firstLink.slice(3);
      const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
      for (const bad of [flipped, token.slice(0, -2), 'nonsense', `${token}.x`]) {
        const res = await fetch(`${t.url}/r/${bad}`);
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('damaged or has been altered');
        const post = await fetch(`${t.url}/r/${bad}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'status=acknowledged',
        });
        expect(post.status).toBe(400);
      }
      const { rows } = await t.sql.query(`SELECT value FROM hub_secrets WHERE name = 'receipt-links'`);
      const key = Buffer.from(rows[0].value, 'base64');
      const third = (await share(incident.id, 'third')).body.item;
      const expired = signLink(key, {
        kind: 'cell',
        incidentId: incident.id,
        itemId: third.id,
        platformKey: 'videoshare',
        contactId: contacts.desk,
        exercise: false,
        expiresAt: new Date(Date.now() - 1000),
      });
      const res = await fetch(`${t.url}/r/${expired}`);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('expired');
      // An exercise link never acts on a live cell.
      const drill = signLink(key, {
        kind: 'cell',
        incidentId: incident.id,
        itemId: third.id,
        platformKey: 'videoshare',
        contactId: contacts.drillDesk,
        exercise: true,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      const mode = await fetch(`${t.url}/r/${drill}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=acknowledged',
      });
      expect(mode.status).toBe(400);
      expect(await mode.text()).toContain('exercise');
      const cell = await as.coordinator.api.get(`/incidents/${incident.id}/items/${third.id}`);
      expect(cell.body.containment[0].status).not.toBe('acknowledged');
    });

    it('refuses every link of a closed incident', async () => {
      const closing = await declareIncident(as, { participants: ['be', 'videoshare'] });
      await share(closing.id, 'closing');
      const [received] = await waitFor(
        () => mailsAbout(closing.ref, 'desk@videoshare.example'),
        (m) => m.length === 1,
        {
          what: 'the e-mail',
        },
      );
      const [link] = linksOf(received.mail.text!);
      expect(
        (await as.coordinator.api.post(`/incidents/${closing.id}/stand-down`, { rationale: 'over' })).status,
      ).toBe(200);
      expect(
        (await as.coordinator.api.post(`/incidents/${closing.id}/close`, { summary: 'done' })).status,
      ).toBe(200);
      const res = await fetch(`${t.url}${link}`);
      expect(res.status).toBe(409);
      expect(await res.text()).toContain(closing.ref);
    });
  });

  it('mails a bulk of 500 items as one e-mail, summarised, and acknowledges them all with one link', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    const items = Array.from({ length: 500 }, (_, i) => ({
      kind: 'url',
      url: `https://videoshare.example/v/bulk-${i}`,
      channel: 'referral',
    }));
    for (let i = 0; i < 500; i += 250) {
      const res = await as.be.api.post(`/incidents/${incident.id}/items/bulk`, {
        items: items.slice(i, i + 250),
      });
      expect(res.status).toBe(200);
    }
    const itemsIn = (m: { mail: { subject?: string } }) => Number(/(\d+) items?/.exec(m.mail.subject!)![1]);
    const mails = await waitFor(
      () => mailsAbout(incident.ref, 'desk@videoshare.example'),
      (m) => m.reduce((n, x) => n + itemsIn(x), 0) >= 500,
      { what: 'the bulk e-mail', timeoutMs: 30_000 },
    );
    // Both bulk requests commit within one window (0.3 s) on most runs; allow the split on a loaded machine.
    expect(mails.length).toBeLessThanOrEqual(2);
    expect(mails.reduce((n, m) => n + itemsIn(m), 0)).toBe(500);
    const biggest = mails.sort((a, b) => b.mail.text!.length - a.mail.text!.length)[0];
    expect(linksOf(biggest.mail.text!).length).toBeLessThanOrEqual(51);
    expect(biggest.mail.text).toMatch(/and \d+ more items not listed here/);
    for (const { mail } of mails) {
      const links = linksOf(mail.text!);
      const all = links[links.length - 1];
      const page = await fetch(`${t.url}${all}`);
      expect(page.status).toBe(200);
      const res = await fetch(`${t.url}${all}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=acknowledged',
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/Recorded: \d+ items acknowledged/);
    }
    const { rows } = await t.sql.query(
      `SELECT status, count(*)::int AS n FROM containment_cells WHERE incident_id = $1 GROUP BY status`,
      [incident.id],
    );
    expect(rows).toEqual([{ status: 'acknowledged', n: 500 }]);
  });

  it('says in the log when a platform without a webhook has no contact to mail', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'clipcast'] });
    await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://clipcast.example/c/nobody',
      channel: 'referral',
    });
    const events = await waitFor(
      () => eventsOf(incident.id),
      (es) => es.some((e) => e.type === 'delivery.failed'),
      { what: 'the failed delivery' },
    );
    expect(events.find((e) => e.type === 'delivery.failed').data).toMatchObject({
      channel: 'email',
      platformKey: 'clipcast',
      itemCount: 1,
      reason: 'no contact at tier 1',
    });
  });

  it('falls back to e-mail at tier 1 when a webhook delivery fails for good', async () => {
    const hook = await t.webhookPlatform({ secret: 'hook-secret-0123456789abcdef' });
    hook.receiver.respond = () => 503;
    const contact = await t.admin.post(`/organisations/${hook.id}/contacts`, {
      name: 'Hook desk',
      email: 'desk@hookshare.example',
      tier: 1,
    });
    expect(contact.status).toBe(201);
    const incident = (
      await as.coordinator.api.post('/incidents', {
        title: 'Webhook down',
        summary: 's',
        category: 'terrorist_content',
        level: 'crisis',
        mode: 'live',
        participants: [as.be.organisation.id, hook.id],
        platforms: [],
      })
    ).body;
    await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://hookshare.example/v/unreachable',
      channel: 'referral',
    });
    await waitFor(
      () => hook.receiver.received.length,
      (n) => n >= 1,
      { what: 'a webhook attempt' },
    );
    // The last retry, as the lane would run it when the retries are spent (the failed head holds it).
    await waitFor(
      async () =>
        (
          await t.sql.query(
            `UPDATE webhook_lanes SET attempt = 100000, retry_at = now()
              WHERE platform_key = 'hookshare' AND mode = 'live' AND attempt > 0 AND lease_token IS NULL
              RETURNING 1`,
          )
        ).rowCount,
      (n) => n === 1,
      { what: 'the lane held by the failed delivery' },
    );
    await waitFor(
      async () => {
        await t.hub.app.get(RunWebhookLaneUseCase).execute({ platformKey: 'hookshare', mode: 'live' });
        return (await eventsOf(incident.id)).filter((e) => e.type === 'delivery.failed');
      },
      (failed) => failed.length === 1,
      { what: 'the delivery failed for good' },
    );
    const [received] = await waitFor(
      () => mailsAbout(incident.ref, 'desk@hookshare.example'),
      (m) => m.length === 1,
      {
        what: 'the fallback e-mail',
      },
    );
    expect(received.mail.text).toContain('https://hookshare.example/v/unreachable');
    const events = await waitFor(
      () => eventsOf(incident.id),
      (es) => es.some((e) => e.type === 'delivery.succeeded' && e.data.channel === 'email'),
      { what: 'the e-mail in the log' },
    );
    expect(events.filter((e) => e.type === 'delivery.failed').map((e) => e.data.channel)).toEqual([
      undefined,
    ]);
    expect(mailsAbout(incident.ref, 'desk@hookshare.example')).toHaveLength(1);
  });

  it('loses nothing and sends nothing twice while the mail server refuses mail for a while', async () => {
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    inbox.refuse = 3;
    const refusedBefore = inbox.refused;
    await share(incident.id, 'refused-first');
    await waitFor(
      () => inbox.refused - refusedBefore,
      (n) => n === 3,
      { what: 'three refusals' },
    );
    const mails = await waitFor(
      () => mailsAbout(incident.ref, 'desk@videoshare.example'),
      (m) => m.length === 1,
      {
        what: 'the e-mail after the refusals',
      },
    );
    await share(incident.id, 'refused-second');
    await waitFor(
      () => mailsAbout(incident.ref, 'desk@videoshare.example'),
      (m) => m.length === 2,
      { what: 'the next e-mail' },
    );
    const events = await waitFor(
      () => eventsOf(incident.id),
      (es) => es.filter((e) => e.type === 'escalation.sent').length === 2,
      { what: 'both e-mails in the log' },
    );
    expect(events.filter((e) => e.type === 'delivery.succeeded' && e.data.channel === 'email')).toHaveLength(
      2,
    );
    expect(events.filter((e) => e.type === 'delivery.failed')).toEqual([]);
    const { rows } = await t.sql.query(
      `SELECT status, attempts FROM mails WHERE incident_id = $1 ORDER BY created_at`,
      [incident.id],
    );
    expect(rows).toEqual([
      { status: 'sent', attempts: 4 },
      { status: 'sent', attempts: 1 },
    ]);
    expect(mails[0].mail.text).toContain('refused-first');
    const metrics = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(await metrics.text()).toMatch(/hub_emails_total\{outcome="sent"\} \d+/);
  });
});

describe('receipt links of a deactivated platform', () => {
  let t: TestHub;
  let as: Cast;
  const inbox = new SmtpInbox();
  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'maildeact',
      env: { SMTP_URL: inbox.url, HUB_MAIL_BATCH_SECONDS: '0.2' },
    });
    as = await t.seed();
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  it('stop working once the organisation is deactivated', async () => {
    const org = await t.admin.post('/organisations', {
      name: 'ShareBox',
      kind: 'platform',
      platformKey: 'sharebox',
      domains: ['sharebox.example'],
    });
    await t.admin.post(`/organisations/${org.body.id}/contacts`, {
      name: 'Desk',
      email: 'desk@sharebox.example',
      tier: 1,
    });
    const incident = (
      await as.coordinator.api.post('/incidents', {
        title: 'ShareBox',
        summary: 's',
        category: 'terrorist_content',
        level: 'crisis',
        mode: 'live',
        participants: [as.be.organisation.id, org.body.id],
        platforms: [],
      })
    ).body;
    await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://sharebox.example/v/1',
      channel: 'referral',
    });
    const [received] = await waitFor(
      () => inbox.to('desk@sharebox.example'),
      (m) => m.length === 1,
      {
        what: 'the e-mail',
      },
    );
    const [link] = linksOf(received.mail.text!);
    expect((await fetch(`${t.url}${link}`)).status).toBe(200);
    expect((await t.admin.patch(`/organisations/${org.body.id}`, { active: false })).status).toBe(200);
    const res = await fetch(`${t.url}${link}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=acknowledged',
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('deactivated');
  });
});
