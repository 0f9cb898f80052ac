import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatDateTime, isLanguage, t, type Language, type MessageKey } from '@hub/i18n';

/**
 * What a receipt link stands for: one cell, or every cell of one mailed batch, for one contact, until it
 * expires. `exercise` binds the link to the incident's mode, so an exercise link never acts on live work.
 */
export type ReceiptLink = (
  | {
      kind: 'cell';
      incidentId: string;
      itemId: string;
      platformKey: string;
      contactId: string;
      exercise: boolean;
      expiresAt: Date;
    }
  | { kind: 'batch'; batchKey: string; contactId: string; exercise: boolean; expiresAt: Date }
) & {
  /** The language of the e-mail the link was sent in: its page speaks it too. Absent (older links): English. */
  language?: Language;
};

/** Why a link is refused; the receipt page explains each in words. */
export type LinkRefusal = 'invalid' | 'expired' | 'closed' | 'gone' | 'mode';

/** What a refusal says, as a message of the catalogues: the receipt page tells it in the link's language. */
export type RefusalMessage = {
  key: MessageKey;
  /** Names and references as they are; dates and words of the catalogues (`{ message }`) in the reader's. */
  values?: Record<string, string | Date | { message: MessageKey }>;
};

/** A refusal's words in a language; dates as the reader writes them. */
export function refusalText(message: RefusalMessage, language: Language): string {
  const values = Object.fromEntries(
    Object.entries(message.values ?? {}).map(([k, v]) => [
      k,
      v instanceof Date ? formatDateTime(language, v) : typeof v === 'string' ? v : t(language, v.message),
    ]),
  );
  return t(language, message.key, values);
}

export class LinkRefused extends Error {
  constructor(
    readonly refusal: LinkRefusal,
    readonly words: RefusalMessage,
  ) {
    super(refusalText(words, 'en'));
    this.name = 'LinkRefused';
  }
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const PART = /^[A-Za-z0-9_:-]{1,200}$/;

function payloadOf(link: ReceiptLink): string {
  const mode = link.exercise ? 'x' : 'l';
  const expires = String(Math.floor(link.expiresAt.getTime() / 1000));
  // The language sits before the mode, only when not English: English links keep their former shape.
  const language = link.language && link.language !== 'en' ? [link.language] : [];
  return link.kind === 'cell'
    ? ['c', link.incidentId, link.itemId, link.platformKey, link.contactId, ...language, mode, expires].join(
        '.',
      )
    : ['b', link.batchKey, link.contactId, ...language, mode, expires].join('.');
}

/** The token of a link: its fields in the clear (base64url) and an HMAC-SHA256 over them. */
export function signLink(key: Buffer, link: ReceiptLink): string {
  const payload = payloadOf(link);
  return `${b64(payload)}.${b64(createHmac('sha256', key).update(payload).digest())}`;
}

/** The link a token stands for; refuses a damaged or altered token, or one past its expiry. */
export function verifyLink(key: Buffer, token: string, now: Date): ReceiptLink {
  const damaged = () => new LinkRefused('invalid', { key: 'receipt.refusal.invalid' });
  if (token.length > 1_000) throw damaged();
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) throw damaged();
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || b64(payload) !== encoded) {
    throw damaged();
  }
  const parts = payload.split('.');
  if (!parts.every((p) => PART.test(p))) throw damaged();
  const expiresAt = new Date(Number(parts[parts.length - 1]) * 1000);
  const exercise = parts[parts.length - 2] === 'x';
  const tagged = (parts[0] === 'c' && parts.length === 8) || (parts[0] === 'b' && parts.length === 6);
  const language = tagged ? parts[parts.length - 3] : 'en';
  if (!isLanguage(language)) throw damaged();
  let link: ReceiptLink;
  if (parts[0] === 'c' && (parts.length === 7 || tagged)) {
    link = {
      kind: 'cell',
      incidentId: parts[1],
      itemId: parts[2],
      platformKey: parts[3],
      contactId: parts[4],
      exercise,
      expiresAt,
      language,
    };
  } else if (parts[0] === 'b' && (parts.length === 5 || tagged)) {
    link = { kind: 'batch', batchKey: parts[1], contactId: parts[2], exercise, expiresAt, language };
  } else {
    throw damaged();
  }
  if (Number.isNaN(expiresAt.getTime())) throw damaged();
  if (expiresAt <= now) {
    throw new LinkRefused('expired', { key: 'receipt.refusal.expired', values: { date: expiresAt } });
  }
  return link;
}

/**
 * The language a token's e-mail was written in, read without checking the signature: it only chooses the
 * words of the page that refuses or shows the link (a damaged or foreign token reads as English).
 */
export function linkLanguage(token: string): Language {
  const [encoded] = token.slice(0, 1_000).split('.');
  const parts = Buffer.from(encoded ?? '', 'base64url')
    .toString('utf8')
    .split('.');
  const tagged = (parts[0] === 'c' && parts.length === 8) || (parts[0] === 'b' && parts.length === 6);
  const language = tagged ? parts[parts.length - 3] : 'en';
  return isLanguage(language) ? language : 'en';
}

const DAY_MS = 86_400_000;

/** A link expires a day after the cell's action deadline (or its acknowledgement deadline, or a week on). */
export function linkExpiry(cell: { ackDueAt: Date | null; actionDueAt: Date | null }, now: Date): Date {
  const base = cell.actionDueAt ?? cell.ackDueAt;
  return new Date(base ? Math.max(base.getTime(), now.getTime()) + DAY_MS : now.getTime() + 7 * DAY_MS);
}
