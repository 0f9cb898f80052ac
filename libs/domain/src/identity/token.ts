import { createHash, randomBytes } from 'node:crypto';

/** 256 bits of randomness; the prefix makes leaked tokens easy to find with secret scanners. */
export function generateToken(): string {
  return `hub_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are high-entropy, so one SHA-256 is enough: no offline guessing can succeed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
