import 'reflect-metadata';
import { ApiModule } from '@hub/api';
import { HUB_OPTIONS } from '@hub/app';
import { startHub, type RunningHub } from '@hub/platform';
import { SmtpInbox, startTestHub, TEST_REDIS_URL, waitFor, type TestHub } from '@hub/testing';
import { WorkerModule } from '@hub/worker';
import { randomUUID } from 'node:crypto';

const DAY = 86_400_000;

/**
 * A warning committed whose e-mail job never reached the queue (the api stopped between the commit and the
 * enqueue): the outbox rows say what is owed, and a worker's sweep sends it, once.
 */
describe('warning e-mail after a lost enqueue', () => {
  let t: TestHub;
  let worker: RunningHub | undefined;
  const inbox = new SmtpInbox();
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await inbox.stop();
  });

  it('is sent by the worker’s sweep', async () => {
    await inbox.start();
    const env = { SMTP_URL: inbox.url, HUB_PUBLIC_URL: 'https://hub.example', HUB_WEBHOOK_BACKOFF_MS: '100' };
    // The api alone: no worker takes jobs yet.
    t = await startTestHub(HUB_OPTIONS, {
      label: 'warnmail',
      parts: [(config, runtime) => ApiModule.forRoot(config, runtime)],
      env,
    });
    const orgs: { id: string; token: string }[] = [];
    for (const name of ['Party one', 'Party two']) {
      const org = await t.admin.post('/organisations', { name, kind: 'party' });
      const member = await t.admin.post(`/organisations/${org.body.id}/members`, {
        displayName: name,
        role: 'flagger',
      });
      orgs.push({ id: org.body.id, token: member.body.token });
    }
    const contact = await t.admin.post(`/organisations/${orgs[1].id}/contacts`, {
      name: 'Desk',
      email: 'desk@two.example',
      tier: 1,
    });
    const coordinatorOrg = await t.admin.post('/organisations', {
      name: 'Coordination',
      kind: 'coordinator',
    });
    const coordinator = await t.admin.post(`/organisations/${coordinatorOrg.body.id}/members`, {
      displayName: 'Coordinator',
      role: 'coordinator',
    });
    const now = Date.now();
    const election = await t.client(coordinator.body.token).post('/elections', {
      name: 'Recovery elections',
      votingDays: [new Date(now).toISOString().slice(0, 10)],
      activeFrom: new Date(now - DAY).toISOString(),
      activeUntil: new Date(now + DAY).toISOString(),
      participants: orgs.map((o) => o.id),
      platforms: [],
    });
    // What the warning's transaction wrote, a minute ago; its job was lost.
    const warningId = randomUUID();
    await t.sql.query(
      `INSERT INTO election_warnings (id, election_id, title, text, severity, organisation_id, recipients, created_at)
       VALUES ($1, $2, 'Forged ballot', 'Leaflets with a forged instruction', 'urgent', $3, ARRAY[$4]::uuid[],
               now() - interval '1 minute')`,
      [warningId, election.body.id, orgs[0].id, orgs[1].id],
    );
    await t.sql.query(
      `INSERT INTO warning_mails (warning_id, contact_id, organisation_id, name, email, message_id, created_at)
       VALUES ($1, $2, $3, 'Desk', 'desk@two.example', '<lost@hub.example>', now() - interval '1 minute')`,
      [warningId, contact.body.id, orgs[1].id],
    );

    worker = await startHub({
      ...HUB_OPTIONS,
      name: 'crisis-hub-worker',
      parts: [(config, runtime) => WorkerModule.forRoot(config, runtime)],
      http: false,
      migrate: false,
      env: {
        ...env,
        DATABASE_URL: t.db.url,
        REDIS_URL: TEST_REDIS_URL,
        HUB_KEY_PREFIX: t.hub.config.HUB_KEY_PREFIX,
        LOG_LEVEL: 'warn',
      },
    });
    const mails = await waitFor(
      () => inbox.to('desk@two.example'),
      (list) => list.length === 1,
      { what: 'the owed e-mail', timeoutMs: 30_000 },
    );
    expect(mails[0].mail.subject).toBe('[URGENT] Recovery elections: Forged ballot');
    expect(mails[0].mail.messageId).toBe('<lost@hub.example>');
    await waitFor(
      async () =>
        (await t.sql.query(`SELECT status FROM warning_mails WHERE warning_id = $1`, [warningId])).rows,
      (rows) => rows[0]?.status === 'sent',
      { what: 'the outbox row sent' },
    );
    expect(inbox.to('desk@two.example')).toHaveLength(1);
  }, 120_000);
});
