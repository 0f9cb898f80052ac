import {
  fixedClock,
  InMemoryContacts,
  InMemoryElectionStore,
  InMemoryMailSender,
  InMemoryWarningStore,
  RecordingWarningMailQueue,
  unitCast,
} from '@hub/testing';
import { ERROR_CODES } from '../core/errors';
import type { ElectionRecord } from './election.model';
import { SendWarningMailUseCase } from './warning-mail.use-case';
import { AcknowledgeWarningUseCase, IssueWarningUseCase, ListWarningsUseCase } from './warnings.use-cases';

const NOW = '2026-06-01T12:00:00.000Z';

async function setUp(opts: { mail?: boolean } = {}) {
  const { identities, orgs, as } = unitCast();
  const clock = fixedClock(NOW);
  const elections = new InMemoryElectionStore();
  const warnings = new InMemoryWarningStore();
  const queue = new RecordingWarningMailQueue(opts.mail ?? true);
  const contact = (organisationId: string, email: string, tier: 1 | 2 | 3, exercise = false) => ({
    id: `${email}-id`,
    organisationId,
    name: email,
    email,
    tier,
    languages: [],
    exercise,
    createdAt: new Date(NOW),
  });
  const contacts = new InMemoryContacts([
    contact(orgs.be.id, 'desk@be.example', 1),
    contact(orgs.be.id, 'head@be.example', 3),
    contact(orgs.videoshare.id, 'desk@videoshare.example', 1),
    contact(orgs.videoshare.id, 'drill@videoshare.example', 1, true),
    contact(orgs.clipcast.id, 'desk@clipcast.example', 1),
  ]);
  const election: ElectionRecord = {
    id: '7a1c3e52-0d5e-4f7e-9a51-0c8d8d1f2b01',
    name: 'Regional elections',
    country: 'BE',
    votingDays: ['2026-06-07'],
    activeFrom: new Date('2026-05-20T00:00:00Z'),
    activeUntil: new Date('2026-06-20T00:00:00Z'),
    languages: [],
    participants: [orgs.be.id, orgs.videoshare.id, orgs.observer.id],
    platforms: ['videoshare'],
    createdBy: null,
    createdAt: new Date(NOW),
    updatedAt: new Date(NOW),
    extensions: [],
  };
  await elections.insert(election);
  const issue = new IssueWarningUseCase(elections, warnings, contacts, queue, clock, 'hub.example');
  return { identities, orgs, as, clock, elections, warnings, queue, election, issue };
}

const body = { title: ' Deepfake of a candidate ', text: 'A forged video circulates.' };

describe('warnings between an election’s participants', () => {
  it('goes to every other participant, with e-mails owed to their live tier-1 contacts', async () => {
    const { orgs, as, warnings, queue, election, issue } = await setUp();
    const warning = await issue.execute(as.be, election.id, body);
    expect(warning).toMatchObject({
      title: 'Deepfake of a candidate',
      severity: 'warning',
      organisationId: orgs.be.id,
      recipients: [orgs.videoshare.id, orgs.observer.id],
    });
    expect(warnings.mails.map((m) => m.email)).toEqual(['desk@videoshare.example']);
    expect(warnings.mails[0].messageId).toMatch(/@hub\.example>$/);
    expect(queue.enqueued).toEqual([warning.id]);
    expect(warnings.told).toEqual([{ kind: 'issued', warningId: warning.id }]);
  });

  it('owes no e-mail without a mail server', async () => {
    const { as, warnings, queue, election, issue } = await setUp({ mail: false });
    await issue.execute(as.be, election.id, body);
    expect(warnings.mails).toEqual([]);
    expect(queue.enqueued).toEqual([]);
  });

  it('refuses outsiders (404), and coordinators and observers who do not take part in warning (403)', async () => {
    const { as, warnings, election, issue } = await setUp();
    await expect(issue.execute(as.clipcast, election.id, body)).rejects.toMatchObject({
      code: ERROR_CODES.NOT_FOUND,
    });
    await expect(issue.execute(as.coordinator, election.id, body)).rejects.toMatchObject({
      code: ERROR_CODES.NOT_A_PARTICIPANT,
    });
    await expect(issue.execute(as.observer, election.id, body)).rejects.toMatchObject({
      code: ERROR_CODES.NOT_A_PARTICIPANT,
    });
    expect(warnings.warnings.size).toBe(0);
  });

  it('is read by participants and coordinators, and acknowledged once by each receiver', async () => {
    const { orgs, as, clock, elections, warnings, election, issue } = await setUp();
    const warning = await issue.execute(as.be, election.id, body);
    const list = new ListWarningsUseCase(elections, warnings);
    expect(await list.execute(as.coordinator, election.id)).toHaveLength(1);
    expect(await list.execute(as.videoshare, election.id)).toHaveLength(1);
    await expect(list.execute(as.clipcast, election.id)).rejects.toMatchObject({
      code: ERROR_CODES.NOT_FOUND,
    });
    const acknowledge = new AcknowledgeWarningUseCase(warnings, clock);
    await expect(acknowledge.execute(as.be, warning.id)).rejects.toMatchObject({
      code: ERROR_CODES.FORBIDDEN,
    });
    const first = await acknowledge.execute(as.videoshare, warning.id);
    clock.advance(60_000);
    const again = await acknowledge.execute(as.videoshare, warning.id);
    expect(again.acknowledgements).toEqual(first.acknowledgements);
    expect(warnings.told.filter((t) => t.kind === 'acknowledged')).toEqual([
      { kind: 'acknowledged', warningId: warning.id, organisationId: orgs.videoshare.id },
    ]);
  });

  it('mails each contact once: a refused e-mail is retried alone, the last refusal marks it failed', async () => {
    const { identities, as, clock, elections, warnings, election, issue, orgs } = await setUp();
    await elections.insert({ ...election, participants: [orgs.be.id, orgs.videoshare.id, orgs.clipcast.id] });
    const warning = await issue.execute(as.be, election.id, { ...body, severity: 'urgent' });
    const sender = new InMemoryMailSender();
    const send = new SendWarningMailUseCase(
      warnings,
      elections,
      identities,
      warnings,
      sender,
      clock,
      'https://hub.example/',
    );
    sender.refuse = 1;
    await expect(send.execute(warning.id, { last: false })).rejects.toThrow('451');
    expect(sender.sent).toHaveLength(1);
    expect(await send.execute(warning.id, { last: false })).toBe('sent');
    expect(sender.sent.map((m) => m.to.address).sort()).toEqual([
      'desk@clipcast.example',
      'desk@videoshare.example',
    ]);
    expect(sender.sent[0].subject).toBe('[URGENT] Regional elections: Deepfake of a candidate');
    expect(sender.sent[0].text).toContain('Belgian referral unit');
    expect(sender.sent[0].text).toContain(`https://hub.example/#/elections/${election.id}`);
    expect(await send.execute(warning.id, { last: false })).toBe('nothing');

    const second = await issue.execute(as.be, election.id, body);
    sender.refuse = 5;
    expect(await send.execute(second.id, { last: true })).toBe('sent');
    expect(warnings.mails.filter((m) => m.warningId === second.id).map((m) => m.status)).toEqual([
      'failed',
      'failed',
    ]);
  });
});
