import { HUB_OPTIONS } from '@hub/app';
import { declareIncident, SmtpInbox, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/** `npm start` without REDIS_URL runs its queues on PostgreSQL: the mail queue and its delays work there too. */
describe('e-mail with queues on PostgreSQL', () => {
  let t: TestHub;
  let as: Cast;
  const inbox = new SmtpInbox();

  beforeAll(async () => {
    await inbox.start();
    t = await startTestHub(HUB_OPTIONS, {
      label: 'mailpg',
      redis: false,
      env: { SMTP_URL: inbox.url, HUB_MAIL_BATCH_SECONDS: '0.3', HUB_WEBHOOK_BACKOFF_MS: '100' },
    });
    as = await t.seed();
    await t.admin.post(`/organisations/${as.videoshare.organisation.id}/contacts`, {
      name: 'Duty desk',
      email: 'desk@videoshare.example',
      tier: 1,
    });
  });
  afterAll(async () => {
    await t?.close();
    await inbox.stop();
  });

  it('mails a share once, after a refusal', async () => {
    inbox.refuse = 1;
    const incident = await declareIncident(as, { participants: ['be', 'videoshare'] });
    await as.be.api.post(`/incidents/${incident.id}/items`, {
      kind: 'url',
      url: 'https://videoshare.example/v/embedded',
      channel: 'referral',
    });
    const mails = await waitFor(
      () => inbox.to('desk@videoshare.example').filter((m) => m.mail.subject?.includes(incident.ref)),
      (m) => m.length === 1,
      { what: 'the e-mail' },
    );
    expect(mails[0].mail.text).toContain('https://videoshare.example/v/embedded');
    expect(inbox.refused).toBe(1);
    const { rows } = await t.sql.query(`SELECT status, attempts FROM mails WHERE incident_id = $1`, [
      incident.id,
    ]);
    expect(rows).toEqual([{ status: 'sent', attempts: 2 }]);
  });
});
