import 'reflect-metadata';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import type { WarningAcknowledgedEvent, WarningView } from '@hub/contracts';
import { SmtpInbox, startTestHub, waitFor, type ApiClient, type Cast, type TestHub } from '@hub/testing';

const DAY = 86_400_000;

interface Org {
  organisation: { id: string };
  token: string;
  api: ApiClient;
}

describe('warnings between an election’s participants', () => {
  let t: TestHub;
  let as: Cast;
  const inbox = new SmtpInbox();
  const orgs: Record<'a' | 'b' | 'c' | 'outsider', Org> = {} as never;
  const clients: RoomClient[] = [];
  let electionId: string;

  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'warnings',
      env: {
        SMTP_URL: inbox.url,
        HUB_MAIL_FROM: 'Crisis hub <hub@hub.example>',
        HUB_PUBLIC_URL: 'https://hub.example',
        HUB_WEBHOOK_BACKOFF_MS: '100',
      },
    });
    as = await t.seed();
    const kinds = { a: 'party', b: 'party', c: 'civil_society', outsider: 'fact_checker' } as const;
    for (const [key, kind] of Object.entries(kinds) as [keyof typeof kinds, string][]) {
      const org = await t.admin.post('/organisations', { name: `Organisation ${key}`, kind });
      const member = await t.admin.post(`/organisations/${org.body.id}/members`, {
        displayName: `${key} desk`,
        role: 'flagger',
      });
      orgs[key] = { organisation: org.body, token: member.body.token, api: t.client(member.body.token) };
    }
    const contact = async (key: keyof typeof kinds, body: object) =>
      expect((await t.admin.post(`/organisations/${orgs[key].organisation.id}/contacts`, body)).status).toBe(
        201,
      );
    await contact('a', { name: 'A desk', email: 'desk@a.example', tier: 1 });
    await contact('b', { name: 'B desk', email: 'desk@b.example', tier: 1 });
    await contact('b', { name: 'B backup', email: 'backup@b.example', tier: 2 });
    await contact('c', { name: 'C desk', email: 'desk@c.example', tier: 1 });
    await contact('c', { name: 'C drill', email: 'drill@c.example', tier: 1, exercise: true });
    await contact('outsider', { name: 'Outsider desk', email: 'desk@outsider.example', tier: 1 });
    const now = Date.now();
    const election = await as.coordinator.api.post('/elections', {
      name: 'Regional elections',
      votingDays: [new Date(now + DAY).toISOString().slice(0, 10)],
      activeFrom: new Date(now - DAY).toISOString(),
      activeUntil: new Date(now + 10 * DAY).toISOString(),
      participants: [orgs.a.organisation.id, orgs.b.organisation.id, orgs.c.organisation.id],
      platforms: [],
    });
    expect(election.status).toBe(201);
    electionId = election.body.id;
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  const count = async (table: string) =>
    Number((await t.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  async function listen(token: string) {
    const client = new RoomClient({ url: t.url, token });
    clients.push(client);
    const warnings: WarningView[] = [];
    const acknowledged: WarningAcknowledgedEvent[] = [];
    client.onWarning((w) => warnings.push(w));
    client.onWarningAcknowledged((a) => acknowledged.push(a));
    await client.connected();
    return { warnings, acknowledged };
  }

  const body = { title: 'Deepfake of our candidate', text: 'A forged video is circulating on VideoShare.' };

  it('refuses a warning from outside the election, or malformed, storing nothing', async () => {
    const before = await count('election_warnings');
    const outsider = await orgs.outsider.api.post(`/elections/${electionId}/warnings`, body);
    expect(outsider.status).toBe(404);
    expect(outsider.body.message).toMatch(/election/);
    // A coordinator sees the election but does not take part in it; observers and admins only watch.
    const coordinator = await as.coordinator.api.post(`/elections/${electionId}/warnings`, body);
    expect(coordinator.status).toBe(403);
    expect(coordinator.body.message).toMatch(/Regional elections/);
    expect((await as.observer.api.post(`/elections/${electionId}/warnings`, body)).status).toBe(403);
    expect((await t.admin.post(`/elections/${electionId}/warnings`, body)).status).toBe(403);
    const long = await orgs.a.api.post(`/elections/${electionId}/warnings`, {
      ...body,
      title: 'x'.repeat(201),
    });
    expect(long.status).toBe(400);
    expect(long.body.details[0].field).toBe('title');
    const text = await orgs.a.api.post(`/elections/${electionId}/warnings`, {
      ...body,
      text: 'x'.repeat(5001),
    });
    expect(text.body.details[0].field).toBe('text');
    const severity = await orgs.a.api.post(`/elections/${electionId}/warnings`, {
      ...body,
      severity: 'panic',
    });
    expect(severity.body.details[0].field).toBe('severity');
    const nul = await orgs.a.api.post(`/elections/${electionId}/warnings`, { ...body, text: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(nul.body.details[0].field).toBe('text');
    expect(await count('election_warnings')).toBe(before);
    expect(await count('warning_mails')).toBe(0);
  });

  it('reaches the other participants live and by e-mail, once each; acknowledgements reach the issuer', async () => {
    const [a, b, c, outsider] = await Promise.all(
      [orgs.a, orgs.b, orgs.c, orgs.outsider].map((o) => listen(o.token)),
    );
    // The mail server refuses the first e-mail: the retry sends only what was not accepted.
    inbox.refuse = 1;
    const issued = await orgs.a.api.post(`/elections/${electionId}/warnings`, {
      ...body,
      severity: 'urgent',
    });
    expect(issued.status).toBe(201);
    const warning = issued.body as WarningView;
    expect(warning).toMatchObject({
      electionId,
      title: body.title,
      text: body.text,
      severity: 'urgent',
      issuedBy: { organisationId: orgs.a.organisation.id },
      acknowledgements: [],
    });
    expect([...warning.pending].sort()).toEqual([orgs.b.organisation.id, orgs.c.organisation.id].sort());
    const row = await t.sql.query('SELECT recipients FROM election_warnings WHERE id = $1', [warning.id]);
    expect(row.rows[0].recipients.sort()).toEqual([...warning.pending].sort());

    for (const socket of [b, c]) {
      await waitFor(
        () => socket.warnings.length,
        (n) => n > 0,
        { what: 'the warning on a receiving socket' },
      );
      expect(socket.warnings).toEqual([warning]);
    }
    const mailed = await waitFor(
      () => inbox.received.filter((m) => m.mail.subject?.includes(body.title)),
      (list) => list.length === 2,
      { what: 'e-mail to the tier-1 contacts of b and c' },
    );
    expect(mailed.flatMap((m) => m.to).sort()).toEqual(['desk@b.example', 'desk@c.example']);
    expect(mailed[0].mail.subject).toBe(`[URGENT] Regional elections: ${body.title}`);
    expect(mailed[0].mail.text).toContain('Organisation a');
    expect(mailed[0].mail.text).toContain(`https://hub.example/#/elections/${electionId}`);
    expect(inbox.refused).toBe(1);
    await waitFor(
      async () =>
        (await t.sql.query(`SELECT status FROM warning_mails WHERE warning_id = $1`, [warning.id])).rows,
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'),
      { what: 'the outbox marked sent' },
    );
    // Neither the issuer nor an outsider got the warning, live; nobody else was mailed.
    expect(a.warnings).toEqual([]);
    expect(outsider.warnings).toEqual([]);

    const ack = await orgs.b.api.post(`/warnings/${warning.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.pending).toEqual([orgs.c.organisation.id]);
    await waitFor(
      () => a.acknowledged.length,
      (n) => n === 1,
      { what: 'the acknowledgement at the issuer' },
    );
    expect(a.acknowledged[0]).toMatchObject({
      warningId: warning.id,
      electionId,
      organisationId: orgs.b.organisation.id,
    });
    expect((await orgs.b.api.post(`/warnings/${warning.id}/acknowledge`)).status).toBe(200);
    const listed = await orgs.a.api.get(`/elections/${electionId}/warnings`);
    expect(listed.status).toBe(200);
    expect(listed.body.items[0]).toMatchObject({
      id: warning.id,
      acknowledgements: [{ organisationId: orgs.b.organisation.id, at: expect.any(String) }],
      pending: [orgs.c.organisation.id],
    });
    expect(
      (await t.sql.query('SELECT count(*) FROM warning_acknowledgements WHERE warning_id = $1', [warning.id]))
        .rows[0].count,
    ).toBe('1');
    expect(b.acknowledged).toEqual([]);
    expect(inbox.received.filter((m) => m.mail.subject?.includes(body.title))).toHaveLength(2);
  });

  it('lets participants and coordinators read, receivers acknowledge', async () => {
    const warning = (await orgs.b.api.post(`/elections/${electionId}/warnings`, body)).body;
    expect(warning.severity).toBe('warning');
    expect((await as.coordinator.api.get(`/elections/${electionId}/warnings`)).status).toBe(200);
    expect((await orgs.c.api.get(`/elections/${electionId}/warnings`)).body.items[0].id).toBe(warning.id);
    expect((await orgs.outsider.api.get(`/elections/${electionId}/warnings`)).status).toBe(404);
    expect((await as.observer.api.get(`/elections/${electionId}/warnings`)).status).toBe(403);
    for (const who of [orgs.b.api, orgs.outsider.api, as.coordinator.api, t.admin]) {
      expect((await who.post(`/warnings/${warning.id}/acknowledge`)).status).toBe(403);
    }
    expect((await orgs.a.api.post(`/warnings/00000000-0000-4000-8000-000000000000/acknowledge`)).status).toBe(
      404,
    );
    expect((await orgs.a.api.post(`/warnings/${warning.id}/acknowledge`)).body.pending).toEqual([
      orgs.c.organisation.id,
    ]);
  });
});
