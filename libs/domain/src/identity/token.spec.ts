import { generateToken, hashToken } from './token';

describe('tokens', () => {
  it('carry at least 256 bits of randomness and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    for (const token of [...tokens].slice(0, 10)) {
      const raw = Buffer.from(token.slice('hub_'.length), 'base64url');
      expect(raw.length).toBeGreaterThanOrEqual(32);
    }
  });

  it('are stored as a SHA-256 hash that does not contain the token', () => {
    const token = generateToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashToken(token)).toBe(hash);
    expect(hashToken(generateToken())).not.toBe(hash);
  });
});
