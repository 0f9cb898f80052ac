import type { Clock } from '../core/clock';
import { escapeHtml } from '../mail/mail.compose';
import type { MailSender } from '../mail/mail.ports';

/** One e-mail owed to a tier-1 contact of a bank's owner: a signal of the bank was quarantined. */
export interface QuarantineMailRecord {
  signalId: string;
  quarantinedAt: Date;
  contactId: string;
  bankId: string;
  bankName: string;
  algorithm: string;
  label: string | null;
  hits: number;
  minutes: number;
  name: string;
  email: string;
  messageId: string;
  attempts: number;
}

/** An e-mail owed is named by its Message-ID, unique per quarantine and contact. */
export type QuarantineMailKey = Pick<QuarantineMailRecord, 'messageId'>;

export interface QuarantineMailOutbox {
  /** The oldest e-mails still owed. */
  pending(limit: number): Promise<QuarantineMailRecord[]>;
  markSent(key: QuarantineMailKey, at: Date): Promise<void>;
  /** A failed attempt; `failed` ends the e-mail's tries. */
  markAttempt(key: QuarantineMailKey, failed: boolean): Promise<void>;
}

/** Attempts before an e-mail is given up (marked `failed`): a sweep every few seconds, for some minutes. */
export const QUARANTINE_MAIL_ATTEMPTS = 20;

/** The e-mail of a quarantine: what happened, why, and where the owner decides. Names no one. */
export function composeQuarantineMail(m: QuarantineMailRecord, link: string) {
  const signal = `${m.algorithm} signal ${m.signalId}${m.label ? ` (${m.label})` : ''}`;
  const subject =
    `[Quarantine] ${m.bankName}: a signal matched ${m.hits} shares in ${m.minutes} minutes`.replace(
      /[\r\n]+/g,
      ' ',
    );
  const lines = [
    `The ${signal} of your bank "${m.bankName}" matched ${m.hits} shares within ${m.minutes} minutes and is quarantined.`,
    'Its hits are held: the incidents do not see them until an admin releases the signal, and never if it is removed.',
    'A signal that matches this often is usually a generic picture (a logo, a blank frame) added by mistake.',
    '',
    `Review it among the bank's quarantined signals: ${link}`,
  ];
  const html = [
    ...lines.slice(0, 3).map((l) => `<p>${escapeHtml(l)}</p>`),
    `<p><a href="${escapeHtml(link)}">Review the quarantined signals</a></p>`,
  ].join('\n');
  return { subject, text: lines.join('\n'), html };
}

/**
 * Sends the quarantine e-mails still owed, oldest first. Each is marked sent as soon as the mail server
 * accepts it, so a second pass never mails a contact twice; a failure is counted and retried by the next
 * pass, and given up after `QUARANTINE_MAIL_ATTEMPTS`. Answers how many were sent.
 */
export class SendQuarantineMailsUseCase {
  constructor(
    private readonly outbox: QuarantineMailOutbox,
    private readonly sender: MailSender,
    private readonly clock: Clock,
    /** The base of links in e-mails (`HUB_PUBLIC_URL`). */
    private readonly publicUrl: string,
  ) {}

  async execute(limit = 100): Promise<number> {
    let sent = 0;
    for (const mail of await this.outbox.pending(limit)) {
      const link = `${this.publicUrl.replace(/\/$/, '')}/#/banks`;
      try {
        await this.sender.send({
          to: { name: mail.name, address: mail.email },
          messageId: mail.messageId,
          ...composeQuarantineMail(mail, link),
        });
        await this.outbox.markSent(mail, this.clock.now());
        sent++;
      } catch {
        await this.outbox.markAttempt(mail, mail.attempts + 1 >= QUARANTINE_MAIL_ATTEMPTS);
      }
    }
    return sent;
  }
}
