// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES, CHANNELS, INCIDENT_LEVELS, type Channel, type IncidentLevel } from '@hub/contracts';
import { DomainError, ERROR_CODES } from '../core/errors';
import {
  computeDeadlines,
  defaultProtocolsPath,
  loadProtocols,
  loadProtocolsFile,
  ProtocolSet,
  type Protocol,
} from './protocol';

const SOURCE = 'protocols.yaml';
const defaultText = readFileSync(defaultProtocolsPath(), 'utf8');
const T0 = new Date('2026-03-15T13:40:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** The default file with one line replaced, so each bad-file case shows exactly what it breaks. */
function withLine(search: string, replacement: string, occurrence = 0): string {
  const lines = defaultText.split('\n');
  const matches = lines.flatMap((line, i) => (line.includes(search) ? [i] : []));
  const index = matches[occurrence];
  if (index === undefined) throw new Error(`no line with ${search}`);
  lines[index] = lines[index].replace(search, replacement);
  return lines.join('\n');
}

const lineNumberOf = (text: string, search: string, occurrence = 0): number =>
  text.split('\n').flatMap((line, i) => (line.includes(search) ? [i + 1] : []))[occurrence];

describe('the built-in protocols', () => {
  const set = loadProtocolsFile();

  it('resolves config/protocols.yaml at the repository root', () => {
    expect(defaultProtocolsPath()).toBe(join(__dirname, '..', '..', '..', '..', 'config', 'protocols.yaml'));
  });

  it('ships terrorist-content and election-integrity', () => {
    expect(set.list().map((p) => p.key)).toEqual(['terrorist-content', 'election-integrity']);
  });

  it('maps every category to one protocol', () => {
    expect(set.forCategory('terrorist_content').key).toBe('terrorist-content');
    expect(set.forCategory('violent_extremism').key).toBe('terrorist-content');
    expect(set.forCategory('other').key).toBe('terrorist-content');
    expect(set.forCategory('election_integrity').key).toBe('election-integrity');
  });

  it('carries the four activation criteria of the livestreamed-attack protocol', () => {
    expect(set.get('terrorist-content').criteria.map((c) => c.key)).toEqual([
      'ongoing_violent_event',
      'perpetrator_content',
      'grave_harm',
      'multi_service_spread',
    ]);
    expect(set.get('election-integrity').criteria.length).toBeGreaterThanOrEqual(3);
  });

  it.each(['terrorist-content', 'election-integrity'])('%s has the default deadlines', (key) => {
    expect(set.get(key).deadlines).toEqual({
      awareness: { acknowledgeMinutes: null, act: { alert: null, referral: null, removal_order: 60 } },
      incident: { acknowledgeMinutes: 60, act: { alert: null, referral: null, removal_order: 60 } },
      crisis: { acknowledgeMinutes: 15, act: { alert: null, referral: null, removal_order: 60 } },
    });
    for (const level of INCIDENT_LEVELS)
      expect(set.get(key).levels[level].description.length).toBeGreaterThan(20);
  });

  it('is frozen, so no caller can change the shared configuration', () => {
    const protocol = set.get('terrorist-content');
    expect(Object.isFrozen(protocol.deadlines.crisis.act)).toBe(true);
    expect(() => {
      (protocol.deadlines.crisis as { acknowledgeMinutes: number }).acknowledgeMinutes = 999;
    }).toThrow(TypeError);
  });

  it('refuses an unknown protocol key as invalid input', () => {
    const error = thrown(() => set.get('nope'));
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect(error.details[0].field).toBe('protocol');
    expect(set.has('nope')).toBe(false);
    expect(set.has('election-integrity')).toBe(true);
  });
});

describe('defaultProtocolsPath', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hub-protocols-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('walks up from the built output to the repository root', () => {
    const built = join(root, 'dist', 'libs', 'domain', 'src', 'protocols');
    mkdirSync(built, { recursive: true });
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'config', 'protocols.yaml'), defaultText);
    expect(defaultProtocolsPath(built)).toBe(join(root, 'config', 'protocols.yaml'));
  });

  it('says what to set when there is no file anywhere above', () => {
    expect(() => defaultProtocolsPath(root)).toThrow(/config\/protocols\.yaml not found.*HUB_PROTOCOL_FILE/);
  });
});

describe('computeDeadlines', () => {
  const set = loadProtocols(defaultText, SOURCE);
  const expected: Record<IncidentLevel, Record<Channel, { ack?: number; act?: number }>> = {
    awareness: { alert: {}, referral: {}, removal_order: { act: 60 } },
    incident: { alert: { ack: 60 }, referral: { ack: 60 }, removal_order: { ack: 60, act: 60 } },
    crisis: { alert: { ack: 15 }, referral: { ack: 15 }, removal_order: { ack: 15, act: 60 } },
  };
  const cases = INCIDENT_LEVELS.flatMap((level) =>
    CHANNELS.map((channel) => [level, channel, expected[level][channel]] as const),
  );

  it.each(cases)('%s, %s', (level, channel, { ack, act }) => {
    for (const protocol of set.list()) {
      const deadlines = computeDeadlines(protocol, level, channel, T0);
      expect(deadlines).toEqual({
        ...(ack === undefined ? {} : { ackDueAt: at(ack) }),
        ...(act === undefined ? {} : { actionDueAt: at(act) }),
      });
    }
  });

  it('follows a custom protocol', () => {
    const custom = loadProtocols(
      withLine(
        'act: { alert: null, referral: null, removal_order: 60 }',
        'act: { alert: null, referral: 240, removal_order: 30 }',
        2,
      ),
      SOURCE,
    ).get('terrorist-content');
    expect(computeDeadlines(custom, 'crisis', 'referral', T0)).toEqual({
      ackDueAt: at(15),
      actionDueAt: at(240),
    });
    expect(computeDeadlines(custom, 'crisis', 'removal_order', T0)).toEqual({
      ackDueAt: at(15),
      actionDueAt: at(30),
    });
  });
});

describe('loadProtocols refuses a bad file', () => {
  it.each([
    {
      name: 'a missing deadline',
      text: withLine('acknowledgeMinutes: 15', 'acknowledgeMinute: 15'),
      field: 'protocols[0].deadlines.crisis.acknowledgeMinute',
      message:
        /protocol terrorist-content: deadlines\.crisis\.acknowledgeMinute \(line \d+\): Unrecognized key/,
    },
    {
      name: 'a deadline that is not a number',
      text: withLine('acknowledgeMinutes: 60', 'acknowledgeMinutes: soon', 1),
      field: 'protocols[1].deadlines.incident.acknowledgeMinutes',
      message:
        /protocol election-integrity: deadlines\.incident\.acknowledgeMinutes \(line \d+\): must be a number of minutes/,
    },
    {
      name: 'a zero deadline',
      text: withLine('removal_order: 60', 'removal_order: 0'),
      field: 'protocols[0].deadlines.awareness.act.removal_order',
      message: /deadlines\.awareness\.act\.removal_order \(line \d+\): must be at least 0.05 minutes/,
    },
    {
      name: 'a deadline under three seconds',
      text: withLine('removal_order: 60', 'removal_order: 0.01'),
      field: 'protocols[0].deadlines.awareness.act.removal_order',
      message: /must be at least 0.05 minutes/,
    },
    {
      name: 'an unknown category',
      text: withLine('[election_integrity]', '[election_integrity, elections]'),
      field: 'protocols[1].categories[1]',
      message: /protocol election-integrity: categories\[1\] \(line \d+\): Invalid option/,
    },
    {
      name: 'a missing level',
      text: withLine('      crisis:', '      crisis_level:'),
      field: 'protocols[0].levels.crisis',
      message: /protocol terrorist-content: levels\.crisis \(line \d+\): is required/,
    },
    {
      name: 'an empty name',
      text: withLine('name: Election integrity rapid response protocol', 'name: ""'),
      field: 'protocols[1].name',
      message: /protocol election-integrity: name \(line \d+\): must not be empty/,
    },
    {
      name: 'a repeated criterion key',
      text: withLine('key: grave_harm', 'key: perpetrator_content'),
      field: 'protocols[0].criteria',
      message: /protocol terrorist-content: criteria \(line \d+\): must not repeat a criterion key/,
    },
    {
      name: 'a bad protocol key',
      text: withLine('key: election-integrity', 'key: Election Integrity'),
      field: 'protocols[1].key',
      message: /protocol Election Integrity: key \(line \d+\): must be 1 to 64/,
    },
    {
      name: 'a repeated protocol key',
      text: withLine('key: election-integrity', 'key: terrorist-content'),
      field: 'protocols[1].key',
      message: /protocol terrorist-content: key \(line \d+\): repeats the key of protocols\[0\]/,
    },
    {
      name: 'a category in two protocols',
      text: withLine('[election_integrity]', '[election_integrity, other]'),
      field: 'protocols[1].categories[1]',
      message:
        /protocol election-integrity: categories\[1\] \(line \d+\): other is already covered by protocol terrorist-content/,
    },
    {
      name: 'a category no protocol covers',
      text: withLine(
        '[terrorist_content, violent_extremism, other]',
        '[terrorist_content, violent_extremism]',
      ),
      field: 'protocols',
      message: /protocols \(line \d+\): no protocol covers other/,
    },
  ])('$name', ({ text, field, message }) => {
    const error = thrown(() => loadProtocols(text, SOURCE));
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect(error.message.startsWith(`${SOURCE}: `)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.details.map((d) => d.field)).toContain(field);
  });

  it('points at the line of the faulty field', () => {
    const text = withLine('acknowledgeMinutes: 60', 'acknowledgeMinutes: -5', 1);
    const error = thrown(() => loadProtocols(text, SOURCE));
    expect(error.details).toEqual([
      {
        field: 'protocols[1].deadlines.incident.acknowledgeMinutes',
        line: lineNumberOf(text, 'acknowledgeMinutes: -5'),
        message: expect.stringContaining('must be at least 0.05 minutes'),
      },
    ]);
  });

  it('points a missing field at its parent', () => {
    const text = withLine(
      '        act: { alert: null, referral: null, removal_order: 60 }',
      '        act: { alert: null, referral: null }',
      1,
    );
    const error = thrown(() => loadProtocols(text, SOURCE));
    expect(error.details).toEqual([
      {
        field: 'protocols[0].deadlines.incident.act.removal_order',
        line: lineNumberOf(text, 'act: { alert: null, referral: null }'),
        message:
          'protocol terrorist-content: deadlines.incident.act.removal_order (line ' +
          `${lineNumberOf(text, 'act: { alert: null, referral: null }')}): is required`,
      },
    ]);
  });

  it('reports every problem at once', () => {
    const text = withLine('acknowledgeMinutes: 15', 'acknowledgeMinutes: "15"', 1).replace(
      'name: Terrorist and violent extremist content crisis protocol',
      'name: " "',
    );
    const fields = thrown(() => loadProtocols(text, SOURCE)).details.map((d) => d.field);
    expect(fields).toEqual(['protocols[0].name', 'protocols[1].deadlines.crisis.acknowledgeMinutes']);
  });

  it('names a protocol without a key by its position', () => {
    const text = withLine('  - key: election-integrity', '  - name_only: x');
    const error = thrown(() => loadProtocols(text, SOURCE));
    expect(error.message).toMatch(/protocols\[1\]: key \(line \d+\): is required/);
  });

  it.each([
    ['an empty file', '', /^protocols\.yaml: the file is empty; it must list protocols$/],
    ['a file without protocols', 'protocols: []\n', /protocols \(line 1\): must list at least one protocol/],
    ['a list at the top', '- key: x\n', /the file \(line 1\): Invalid input: expected object/],
  ])('%s', (_name, text, message) => {
    expect(thrown(() => loadProtocols(text, SOURCE)).message).toMatch(message);
  });

  it('reports YAML syntax errors with their line', () => {
    const error = thrown(() => loadProtocols('protocols:\n  - key: x\n  key: y\n   bad: [\n', SOURCE));
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect(error.message).toMatch(/^protocols\.yaml: not valid YAML: line \d+/);
    expect(error.details[0].line).toEqual(expect.any(Number));
  });

  it('refuses duplicate YAML keys', () => {
    const text = withLine(
      '    name: Terrorist and violent extremist content crisis protocol',
      '    name: A\n    name: B',
    );
    expect(thrown(() => loadProtocols(text, SOURCE)).message).toMatch(
      /not valid YAML: line 13: Map keys must be unique/,
    );
  });
});

describe('ProtocolSet built in code', () => {
  const [terrorist, election] = loadProtocols(defaultText, SOURCE).list();

  it('checks the same rules as the file loader', () => {
    const error = thrown(() => new ProtocolSet([terrorist]));
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect(error.message).toBe('invalid protocol set: no protocol covers election_integrity');
  });

  it('serves every category', () => {
    const set = new ProtocolSet([election, terrorist] as Protocol[]);
    for (const category of CATEGORIES) expect(set.forCategory(category).categories).toContain(category);
  });
});
