// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hammingDistanceHex, PDQ_MATCH_DISTANCE } from '../matching/pdq-index/pdq.index';
import type { Inject, Scenario, ShareItemSpec } from './scenario.model';
import { scriptedScore } from './scenario.outcome';
import { parseScenario } from './scenario.parse';

/** The scenarios shipped with the hub, at the repository root. */
const FOLDER = join(__dirname, '..', '..', '..', '..', 'scenarios');
const FILES = readdirSync(FOLDER)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const load = (file: string): Scenario => parseScenario(readFileSync(join(FOLDER, file), 'utf8'), 'yaml');

type Share = Inject & { do: 'share' };
type Contain = Inject & { do: 'contain' };
const shares = (s: Scenario): Share[] => s.injects.filter((i): i is Share => i.do === 'share');
const contains = (s: Scenario): Contain[] => s.injects.filter((i): i is Contain => i.do === 'contain');
const shareOf = (s: Scenario, ref: string): Share => shares(s).find((i) => i.as === ref)!;

describe('the shipped scenarios', () => {
  it('include the three documented ones', () => {
    expect(FILES).toEqual(
      expect.arrayContaining(['election-hoax.yaml', 'hijacked-account.yaml', 'livestream-attack.yaml']),
    );
  });

  describe.each(FILES)('%s', (file) => {
    it('parses, lasts at most 4 hours, and goes from activate to close', () => {
      const scenario = load(file);
      expect(scenario.injects.at(-1)!.atSeconds).toBeLessThanOrEqual(4 * 3600);
      expect(scenario.injects[0].do).toBe('activate');
      expect(scenario.injects.at(-1)!.do).toBe('close');
      expect(scenario.expectations.length).toBeGreaterThan(0);
    });
  });
});

describe('livestream-attack.yaml', () => {
  const scenario = load('livestream-attack.yaml');
  const platforms = ['videoshare', 'clipcast', 'streamhub', 'socialnet'];

  it('spreads to four services, each with its .example domain', () => {
    expect(scenario.category).toBe('terrorist_content');
    for (const key of platforms) {
      expect(scenario.organisations[key]).toMatchObject({
        kind: 'platform',
        platformKey: key,
        domains: [`${key}.example`],
      });
    }
    const hosts = shares(scenario).flatMap((s) => (s.item.url ? [new URL(s.item.url).host] : []));
    expect(new Set(hosts).size).toBeGreaterThanOrEqual(3);
  });

  it('shares valid PDQ variants, several within matching distance of each other', () => {
    const pdq = shares(scenario)
      .map((s) => s.item.hash)
      .filter((h): h is NonNullable<ShareItemSpec['hash']> => h?.algorithm === 'pdq');
    expect(pdq.length).toBeGreaterThanOrEqual(3);
    for (const hash of pdq) {
      expect(hash.value).toMatch(/^[0-9a-f]{64}$/);
      expect(hash.quality).toBeGreaterThanOrEqual(50);
    }
    const [first, ...variants] = pdq.map((h) => h.value);
    const close = variants.filter((v) => hammingDistanceHex(first, v) <= PDQ_MATCH_DISTANCE);
    expect(close.length).toBeGreaterThanOrEqual(2);
    expect(close.every((v) => v !== first)).toBe(true);
  });

  it('carries a removal order by an authority with its legal reference', () => {
    const orders = shares(scenario).filter((s) => s.item.channel === 'removal_order');
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      expect(scenario.organisations[order.by].kind).toBe('authority');
      expect(order.item.legalReference).toEqual(expect.any(String));
    }
  });

  it('has platforms acknowledge and remove, one of them slowly, then a level change, stand down and close', () => {
    const done = contains(scenario);
    expect(done.some((c) => c.status === 'acknowledged')).toBe(true);
    expect(done.some((c) => c.status === 'removed')).toBe(true);
    // socialnet is the slow one: its first acknowledgement comes more than 15 minutes after the share.
    const slow = done.find((c) => c.platform === 'socialnet' && c.status === 'acknowledged')!;
    expect(slow.atSeconds - shareOf(scenario, slow.item).atSeconds).toBeGreaterThan(15 * 60);
    expect(scenario.injects.map((i) => i.do)).toEqual(
      expect.arrayContaining(['level', 'stand_down', 'close']),
    );
  });

  it('expects every platform to acknowledge within 15 minutes and act within 60', () => {
    expect(scenario.expectations).toEqual(
      platforms.map((platform) => ({ platform, acknowledgeWithinSeconds: 900, actWithinSeconds: 3600 })),
    );
  });
});

describe('election-hoax.yaml', () => {
  const scenario = load('election-hoax.yaml');

  it('is an election-integrity case referred by a ministry', () => {
    expect(scenario.category).toBe('election_integrity');
    const referrals = shares(scenario).filter((s) => s.item.channel === 'referral');
    expect(referrals.length).toBeGreaterThan(0);
    for (const share of referrals) expect(scenario.organisations[share.by].kind).toBe('authority');
  });

  it('has one platform answer two and a half hours after the referral', () => {
    const answer = contains(scenario).find((c) => c.platform === 'socialnet')!;
    expect(answer.atSeconds - shareOf(scenario, answer.item).atSeconds).toBe(2.5 * 3600);
  });
});

describe('election-week.yaml', () => {
  const scenario = load('election-week.yaml');

  it('has flaggers share, a party warn, and a coordinator record answers given by phone and e-mail', () => {
    const kinds = (by: string) => scenario.organisations[by].kind;
    expect(new Set(shares(scenario).map((s) => kinds(s.by)))).toEqual(new Set(['fact_checker', 'party']));
    expect(shares(scenario).map((s) => s.item.kind)).toContain('narrative');
    const warn = scenario.injects.find((i) => i.do === 'warn')!;
    expect(kinds(warn.by)).toBe('party');
    const recorded = contains(scenario).filter((c) => c.by === 'coord');
    expect(new Set(recorded.map((c) => c.via))).toEqual(new Set(['phone', 'email']));
    // The platform outside the code answers only through the coordinator, by e-mail.
    expect(
      contains(scenario)
        .filter((c) => c.platform === 'chatwave')
        .every((c) => c.via === 'email'),
    ).toBe(true);
  });
});

describe('hijacked-account.yaml', () => {
  const scenario = load('hijacked-account.yaml');

  it('shares the hijacked account and the URLs of its posts', () => {
    expect(scenario.category).toBe('election_integrity');
    const kinds = shares(scenario).map((s) => s.item.kind);
    expect(kinds).toContain('account');
    expect(kinds.filter((k) => k === 'url').length).toBeGreaterThanOrEqual(2);
  });
});

/** What each shipped script claims, expectation by expectation: [platform, kind, met]. */
const CLAIMED: Record<string, { overall: number; met: [string, string, boolean][] }> = {
  'livestream-attack.yaml': {
    overall: 75,
    met: [
      ['videoshare', 'acknowledge', true],
      ['videoshare', 'act', true],
      ['clipcast', 'acknowledge', true],
      ['clipcast', 'act', true],
      ['streamhub', 'acknowledge', true],
      ['streamhub', 'act', true],
      ['socialnet', 'acknowledge', false],
      ['socialnet', 'act', false],
    ],
  },
  'election-hoax.yaml': {
    overall: 50,
    met: [
      ['socialnet', 'acknowledge', false],
      ['socialnet', 'act', false],
      ['videoshare', 'acknowledge', true],
      ['videoshare', 'act', true],
    ],
  },
  'election-week.yaml': {
    overall: 83,
    met: [
      ['socialnet', 'acknowledge', true],
      ['socialnet', 'act', true],
      ['videoshare', 'acknowledge', true],
      ['videoshare', 'act', true],
      ['chatwave', 'acknowledge', true],
      ['chatwave', 'act', false],
    ],
  },
  'hijacked-account.yaml': {
    overall: 75,
    met: [
      ['socialnet', 'acknowledge', false],
      ['socialnet', 'act', true],
      ['chatter', 'acknowledge', true],
      ['chatter', 'act', true],
    ],
  },
};

describe('the score each shipped script implies', () => {
  it.each(Object.entries(CLAIMED))('%s scores as its header says', (file, claimed) => {
    const score = scriptedScore(load(file));
    expect(score.expectations.map((e) => [e.platformKey, e.kind, e.met])).toEqual(claimed.met);
    expect(score.overall).toBe(claimed.overall);
    // Every platform answers every item it is given: a miss is slowness, never silence.
    expect(score.expectations.filter((e) => e.actualMinutes === null)).toEqual([]);
  });

  it('covers every shipped file', () => {
    expect(Object.keys(CLAIMED).sort()).toEqual(FILES);
  });

  it('judges a platform on every item it is given, hashes included', () => {
    const scenario = load('election-hoax.yaml');
    // Without videoshare's answers to the cropped variant (shared at 1h), videoshare never acts on it.
    const silent = {
      ...scenario,
      injects: scenario.injects.filter(
        (i) => !(i.do === 'contain' && i.item === 'image1v' && i.platform === 'videoshare'),
      ),
    };
    expect(scriptedScore(silent).expectations.filter((e) => e.platformKey === 'videoshare')).toEqual([
      expect.objectContaining({ kind: 'acknowledge', actualMinutes: null, met: false }),
      expect.objectContaining({ kind: 'act', actualMinutes: null, met: false }),
    ]);
  });

  it('meets an answer given exactly on the deadline', () => {
    const chatter = scriptedScore(load('hijacked-account.yaml')).expectations.find(
      (e) => e.platformKey === 'chatter' && e.kind === 'acknowledge',
    );
    expect(chatter).toMatchObject({ withinMinutes: 15, actualMinutes: 15, met: true });
  });
});
