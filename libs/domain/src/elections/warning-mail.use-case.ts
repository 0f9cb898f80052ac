import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import { escapeHtml } from '../mail/mail.compose';
import type { MailSender } from '../mail/mail.ports';
import type { ElectionRecord, WarningRecord } from './election.model';
import type { ElectionStore, WarningMailOutbox, WarningStore } from './election.ports';

const SEVERITY_LABEL = { info: 'Information', warning: 'Warning', urgent: 'URGENT' } as const;

/** The e-mail of a warning: the same for every recipient (it names no one but the issuing organisation). */
export function composeWarningMail(m: {
  warning: WarningRecord;
  election: Pick<ElectionRecord, 'name'>;
  issuer: string;
  link: string;
}): { subject: string; text: string; html: string } {
  const label = SEVERITY_LABEL[m.warning.severity];
  const subject = `[${label}] ${m.election.name}: ${m.warning.title}`.replace(/[\r\n]+/g, ' ');
  const text = [
    `${label} from ${m.issuer}, a participant of ${m.election.name}.`,
    '',
    m.warning.title,
    '',
    m.warning.text,
    '',
    `Acknowledge it in the hub: ${m.link}`,
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(label)}</strong> from ${escapeHtml(m.issuer)}, a participant of ${escapeHtml(m.election.name)}.</p>`,
    `<h2>${escapeHtml(m.warning.title)}</h2>`,
    `<p style="white-space: pre-wrap">${escapeHtml(m.warning.text)}</p>`,
    `<p><a href="${escapeHtml(m.link)}">Acknowledge it in the hub</a></p>`,
  ].join('\n');
  return { subject, text, html };
}

export type WarningMailOutcome = 'sent' | 'nothing' | 'skipped';

/**
 * Sends a warning's e-mails still owed. The outbox makes it idempotent per (warning, contact): a contact
 * whose e-mail the mail server accepted is not mailed again by a retry; the first failure is thrown for
 * the queue to retry the others, and on the last attempt what still fails is marked failed.
 */
export class SendWarningMailUseCase {
  constructor(
    private readonly warnings: WarningStore,
    private readonly elections: ElectionStore,
    private readonly identities: IdentityRepository,
    private readonly outbox: WarningMailOutbox,
    private readonly sender: MailSender,
    private readonly clock: Clock,
    /** The base of links in e-mails (`HUB_PUBLIC_URL`). */
    private readonly publicUrl: string,
  ) {}

  async execute(warningId: string, attempt: { last: boolean }): Promise<WarningMailOutcome> {
    const warning = await this.warnings.find(warningId);
    const election = warning ? await this.elections.find(warning.electionId) : null;
    if (!warning || !election) return 'skipped';
    const mails = await this.outbox.pending(warningId);
    if (mails.length === 0) return 'nothing';
    const issuer = (await this.identities.findOrganisation(warning.organisationId))?.name ?? 'a participant';
    const link = `${this.publicUrl.replace(/\/$/, '')}/#/elections/${election.id}`;
    const content = composeWarningMail({ warning, election, issuer, link });
    let failure: unknown;
    for (const mail of mails) {
      try {
        await this.sender.send({
          to: { name: mail.name, address: mail.email },
          messageId: mail.messageId,
          ...content,
        });
        await this.outbox.markSent(warningId, mail.contactId, this.clock.now());
      } catch (error) {
        await this.outbox.markAttempt(warningId, mail.contactId, attempt.last);
        failure ??= error;
      }
    }
    if (failure && !attempt.last) throw failure;
    return 'sent';
  }
}
