import type { OutgoingMail } from '../mail/mail.ports';
import {
  QUARANTINE_MAIL_ATTEMPTS,
  SendQuarantineMailsUseCase,
  type QuarantineMailKey,
  type QuarantineMailOutbox,
  type QuarantineMailRecord,
} from './quarantine-mail.use-case';

const mail = (messageId: string, attempts = 0): QuarantineMailRecord => ({
  signalId: 'signal-1',
  quarantinedAt: new Date('2026-12-07T06:00:00Z'),
  contactId: `contact-${messageId}`,
  bankId: 'bank-1',
  bankName: 'Generic images',
  algorithm: 'pdq',
  label: 'logo',
  hits: 51,
  minutes: 10,
  name: 'Duty desk',
  email: `${messageId}@owner.example`,
  messageId,
  attempts,
});

class Outbox implements QuarantineMailOutbox {
  sent: string[] = [];
  failed: string[] = [];
  attempts = new Map<string, number>();
  constructor(public owed: QuarantineMailRecord[]) {}
  async pending() {
    return this.owed.filter((m) => !this.sent.includes(m.messageId) && !this.failed.includes(m.messageId));
  }
  async markSent(key: QuarantineMailKey) {
    this.sent.push(key.messageId);
  }
  async markAttempt(key: QuarantineMailKey, failed: boolean) {
    this.attempts.set(key.messageId, (this.attempts.get(key.messageId) ?? 0) + 1);
    if (failed) this.failed.push(key.messageId);
  }
}

describe('SendQuarantineMailsUseCase', () => {
  const clock = { now: () => new Date('2026-12-07T06:00:05Z') };

  it('tells each contact once what was quarantined and where to review it', async () => {
    const outbox = new Outbox([mail('a'), mail('b')]);
    const delivered: OutgoingMail[] = [];
    const use = new SendQuarantineMailsUseCase(
      outbox,
      { send: async (m) => void delivered.push(m) },
      clock,
      'https://hub.example/',
    );
    expect(await use.execute()).toBe(2);
    expect(await use.execute()).toBe(0);
    expect(delivered.map((m) => m.to.address)).toEqual(['a@owner.example', 'b@owner.example']);
    expect(delivered[0].subject).toBe(
      '[Quarantine] Generic images: a signal matched 51 shares in 10 minutes',
    );
    expect(delivered[0].text).toContain('pdq signal signal-1 (logo)');
    expect(delivered[0].text).toContain('https://hub.example/#/banks');
  });

  it('counts a refused e-mail and gives it up after the last attempt', async () => {
    const outbox = new Outbox([mail('a'), mail('z', QUARANTINE_MAIL_ATTEMPTS - 1)]);
    const use = new SendQuarantineMailsUseCase(
      outbox,
      { send: () => Promise.reject(new Error('451 busy')) },
      clock,
      'https://hub.example',
    );
    expect(await use.execute()).toBe(0);
    expect(outbox.failed).toEqual(['z']);
    expect(outbox.attempts.get('a')).toBe(1);
  });
});
