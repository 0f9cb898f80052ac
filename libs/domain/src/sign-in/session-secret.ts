import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits of randomness: the cookie's value. Only its hash is stored. */
export function generateSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionSecret(secret: string): string {
  return createHash('sha256').update(`session:${secret}`, 'utf8').digest('hex');
}

/**
 * The CSRF token of a session: derived from its secret, so it is bound to the session, needs no storage,
 * and cannot be computed by a page that cannot read the HttpOnly session cookie.
 */
export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`csrf:${secret}`, 'utf8').digest('base64url');
}

export function csrfTokenMatches(secret: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenOf(secret));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
