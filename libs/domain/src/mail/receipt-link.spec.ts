import { linkExpiry, LinkRefused, signLink, verifyLink, type ReceiptLink } from './receipt-link';

const key = Buffer.from('a key of thirty-two bytes, or so!');
const now = new Date('2026-11-23T10:00:00Z');
const cell: ReceiptLink = {
  kind: 'cell',
  incidentId: '6f1c1c9e-0f5b-4e43-9b1a-0a0f3b0c1d2e',
  itemId: '0b9e6f1a-3c1d-4a8e-9f0b-1c2d3e4f5a6b',
  platformKey: 'video_share-1',
  contactId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  exercise: true,
  expiresAt: new Date('2026-11-24T10:00:00Z'),
};

const refusal = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof LinkRefused ? error.refusal : `other: ${String(error)}`;
  }
  return undefined;
};

describe('receipt links', () => {
  it('stands for what was signed: a cell or a batch, its contact, its mode and its expiry', () => {
    expect(verifyLink(key, signLink(key, cell), now)).toEqual({ ...cell, language: 'en' });
    const batch: ReceiptLink = {
      kind: 'batch',
      batchKey: 'mail_x_videoshare_new_42',
      contactId: cell.contactId,
      exercise: false,
      expiresAt: cell.expiresAt,
    };
    expect(verifyLink(key, signLink(key, batch), now)).toEqual({ ...batch, language: 'en' });
  });

  it('carries the language of its e-mail, and reads a link of before languages as English', () => {
    const french = { ...cell, language: 'fr' as const };
    expect(verifyLink(key, signLink(key, french), now)).toEqual(french);
    expect(signLink(key, { ...cell, language: 'en' })).toBe(signLink(key, cell));
    const batch: ReceiptLink = {
      kind: 'batch',
      batchKey: 'b_1',
      contactId: cell.contactId,
      exercise: false,
      expiresAt: cell.expiresAt,
      language: 'pl',
    };
    expect(verifyLink(key, signLink(key, batch), now).language).toBe('pl');
  });

  it('refuses any changed character, another key, and a token of the wrong shape', () => {
    const token = signLink(key, cell);
    for (let i = 0; i < token.length; i++) {
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      if (flipped === token) continue;
      expect(refusal(() => verifyLink(key, flipped, now))).toBe('invalid');
    }
    expect(refusal(() => verifyLink(Buffer.from('another key'), token, now))).toBe('invalid');
    for (const bad of ['', '.', 'abc', `${token}.x`, 'x'.repeat(2_000)]) {
      expect(refusal(() => verifyLink(key, bad, now))).toBe('invalid');
    }
  });

  it('expires at its expiry', () => {
    const token = signLink(key, cell);
    expect(refusal(() => verifyLink(key, token, cell.expiresAt))).toBe('expired');
  });

  it('lasts a day past the action deadline, else the acknowledgement deadline, else a week', () => {
    const ack = new Date('2026-11-23T10:15:00Z');
    const act = new Date('2026-11-23T11:00:00Z');
    expect(linkExpiry({ ackDueAt: ack, actionDueAt: act }, now)).toEqual(new Date('2026-11-24T11:00:00Z'));
    expect(linkExpiry({ ackDueAt: ack, actionDueAt: null }, now)).toEqual(new Date('2026-11-24T10:15:00Z'));
    expect(linkExpiry({ ackDueAt: null, actionDueAt: null }, now)).toEqual(new Date('2026-11-30T10:00:00Z'));
  });
});
