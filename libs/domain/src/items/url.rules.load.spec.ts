import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, ERROR_CODES } from '../core/errors';
import { defaultUrlRulesPath, loadUrlRules, loadUrlRulesFile } from './url.rules.load';

const SOURCE = 'url-rules.yaml';
const shipped = readFileSync(defaultUrlRulesPath(), 'utf8');

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const platform = (body: string) => `hostPrefixes: [www]\nplatforms:\n  - key: demo\n${body}`;
const VALID = `    hosts: [demo.example]\n    parts: { id: '[0-9]+' }\n    shapes:\n      - { path: '/v/{id}' }\n`;

describe('loading URL rules', () => {
  it('resolves config/url-rules.yaml at the repository root and loads it', () => {
    expect(defaultUrlRulesPath()).toBe(join(__dirname, '..', '..', '..', '..', 'config', 'url-rules.yaml'));
    expect(loadUrlRulesFile().identify('https://youtu.be/dQw4w9WgXcQ').key).toBe('youtube:dQw4w9WgXcQ');
  });

  it('names the missing file and the variable that replaces it', () => {
    const root = mkdtempSync(join(tmpdir(), 'url-rules-'));
    try {
      mkdirSync(join(root, 'a', 'b'), { recursive: true });
      expect(() => defaultUrlRulesPath(join(root, 'a', 'b'))).toThrow(/HUB_URL_RULES_FILE/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('loads a minimal file', () => {
    expect(loadUrlRules(platform(VALID), SOURCE).identify('https://www.demo.example/v/7').key).toBe('demo:7');
  });

  it.each([
    ['an empty file', '', /the file is empty/, undefined],
    ['bad YAML', 'platforms: [', /not valid YAML/, 1],
    ['an unknown field', platform(VALID + '    colour: blue\n'), /platform demo: colour \(line 8\)/, 8],
    ['a bad host', platform(VALID.replace('demo.example', 'Demo Example')), /hosts\[0\]/, 4],
    ['a bad pattern', platform(VALID.replace("'[0-9]+'", "'[0-9'")), /not a valid regular/, 5],
    ['a pattern matching nothing', platform(VALID.replace("'[0-9]+'", "'[0-9]*'")), /empty string/, 5],
    ['an undeclared part', platform(VALID.replace('{id}', '{video}')), /no part video/, 7],
    ['a shape capturing nothing', platform(VALID.replace("'/v/{id}'", "'/v/*'")), /capture a part/, 7],
    ['** not last', platform(VALID.replace("'/v/{id}'", "'/**/{id}'")), /\*\* may only be the last/, 7],
    [
      'a shape host outside the platform',
      platform(VALID.replace("{ path: '/v/{id}' }", "{ hosts: [other.example], path: '/v/{id}' }")),
      /other.example is not one of the platform's hosts/,
      7,
    ],
    [
      'a host of two platforms',
      platform(VALID + '  - key: again\n' + VALID),
      /platform again: hosts\[0\] \(line 9\): demo.example already belongs to demo/,
      9,
    ],
    ['a missing field', platform(VALID.replace(/ {4}shapes:\n.*\n/, '')), /shapes.*is required/, 3],
  ])('refuses %s, naming the field and its line', (_, text, message, line) => {
    const error = thrown(() => loadUrlRules(text, SOURCE));
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect(error.message).toMatch(new RegExp(`^${SOURCE}: `));
    expect(error.message).toMatch(message);
    if (line !== undefined) expect(error.details.map((d) => d.line)).toContain(line);
  });

  it('the shipped file declares every platform once', () => {
    const keys = [...shipped.matchAll(/^ {2}- key: (\S+)$/gm)].map((m) => m[1]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining(['videoshare', 'youtube', 'facebook', 'instagram', 'tiktok', 'x', 'vimeo']),
    );
    expect(keys).toEqual(expect.arrayContaining(['telegram', 'reddit', 'twitch']));
  });
});
