import { DomainError } from '../core/errors';
import { parseScenario } from './scenario.parse';

/** The scenario the parser's specs start from, and ways to break it one line at a time. */

export const PDQ = '6826f6357adc75a7bc1f66ad1ebbafeab4848d38269b6ecfb7ad187aef24104b';

/** Every `do` type, injects deliberately out of time order (line 14 comes before line 13 in time). */
export const VALID = `name: Test scenario
category: terrorist_content
level: crisis
organisations:
  coord: { kind: coordinator, name: EU coordination }
  be: { kind: authority, country: BE, name: Federal police }
  obs: { kind: observer }
  videoshare: { kind: platform, platformKey: videoshare, domains: [videoshare.example] }
  clipcast: { kind: platform, platformKey: clipcast, domains: [clipcast.example] }
injects:
  - { at: 0m, by: coord, do: activate, title: Attack livestream spreading, criteria: [ongoing violent event] }
  - { at: 2m, by: be, do: share, as: clip1, item: { kind: url, url: "https://videoshare.example/v/abc", channel: removal_order, legalReference: "TCO art. 3" } }
  - { at: 9m, by: videoshare, do: contain, item: clip1, status: acknowledged }
  - { at: 3m, by: clipcast, do: share, as: hash1, item: { kind: hash, hash: { algorithm: pdq, value: "${PDQ}", quality: 90 }, channel: alert } }
  - { at: 20m, by: coord, do: post, text: Second wave of re-uploads expected }
  - { at: 25m, by: coord, do: level, level: incident }
  - { at: 30m, by: coord, do: contain, item: hash1, platform: videoshare, status: not_found }
  - { at: 40m, by: coord, do: stand_down, rationale: Volume dropped }
  - { at: 1h, by: coord, do: close, summary: Contained }
expectations:
  - { platform: videoshare, acknowledgeWithin: 15m, actWithin: 60m }
  - { platform: clipcast, actWithin: 1h30m }
`;

/** VALID with line `line` (1-based) replaced, so each case shows exactly what it breaks. */
export function withLine(line: number, text: string): string {
  const lines = VALID.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

export function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

export const fails = (text: string, contentType: 'yaml' | 'json' = 'yaml') =>
  thrown(() => parseScenario(text, contentType));
