import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a receipt link stands for: one cell, or every cell of one mailed batch, for one contact, until it
 * expires. `exercise` binds the link to the incident's mode, so an exercise link never acts on live work.
 */
export type ReceiptLink =
  | {
      kind: 'cell';
      incidentId: string;
      itemId: string;
      platformKey: string;
      contactId: string;
      exercise: boolean;
      expiresAt: Date;
    }
  | { kind: 'batch'; batchKey: string; contactId: string; exercise: boolean; expiresAt: Date };

/** Why a link is refused; the receipt page explains each in words. */
export type LinkRefusal = 'invalid' | 'expired' | 'closed' | 'gone' | 'mode';

export class LinkRefused extends Error {
  constructor(
    readonly refusal: LinkRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'LinkRefused';
  }
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const PART = /^[A-Za-z0-9_:-]{1,200}$/;

function payloadOf(link: ReceiptLink): string {
  const mode = link.exercise ? 'x' : 'l';
  const expires = String(Math.floor(link.expiresAt.getTime() / 1000));
  return link.kind === 'cell'
    ? ['c', link.incidentId, link.itemId, link.platformKey, link.contactId, mode, expires].join('.')
    : ['b', link.batchKey, link.contactId, mode, expires].join('.');
}

/** The token of a link: its fields in the clear (base64url) and an HMAC-SHA256 over them. */
export function signLink(key: Buffer, link: ReceiptLink): string {
  const payload = payloadOf(link);
  return `${b64(payload)}.${b64(createHmac('sha256', key).update(payload).digest())}`;
}

/** The link a token stands for; refuses a damaged or altered token, or one past its expiry. */
export function verifyLink(key: Buffer, token: string, now: Date): ReceiptLink {
  const damaged = () =>
    new LinkRefused('invalid', 'This link is damaged or has been altered: it cannot be used.');
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
  let link: ReceiptLink;
  if (parts[0] === 'c' && parts.length === 7) {
    link = {
      kind: 'cell',
      incidentId: parts[1],
      itemId: parts[2],
      platformKey: parts[3],
      contactId: parts[4],
      exercise,
      expiresAt,
    };
  } else if (parts[0] === 'b' && parts.length === 5) {
    link = { kind: 'batch', batchKey: parts[1], contactId: parts[2], exercise, expiresAt };
  } else {
    throw damaged();
  }
  if (Number.isNaN(expiresAt.getTime())) throw damaged();
  if (expiresAt <= now) {
    throw new LinkRefused(
      'expired',
      `This link expired on ${expiresAt.toISOString()}. Ask the hub's coordinators for a new one.`,
    );
  }
  return link;
}

const DAY_MS = 86_400_000;

/** A link expires a day after the cell's action deadline (or its acknowledgement deadline, or a week on). */
export function linkExpiry(cell: { ackDueAt: Date | null; actionDueAt: Date | null }, now: Date): Date {
  const base = cell.actionDueAt ?? cell.ackDueAt;
  return new Date(base ? Math.max(base.getTime(), now.getTime()) + DAY_MS : now.getTime() + 7 * DAY_MS);
}
