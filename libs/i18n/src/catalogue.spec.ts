import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES } from './catalogues';
import { LANGUAGES } from './languages';

/** The names of a message's arguments (`{count, plural, ...}`, `{name}`), nested ones included. */
function argumentsOf(nodes: unknown[], into = new Set<string>()): Set<string> {
  for (const node of nodes as { value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
    if (typeof node.value === 'string' && 'type' in node && (node as { type: number }).type !== 0) {
      // Type 0 is literal text; every other node with a string value names an argument (# is type 7: none).
      if ((node as { type: number }).type !== 7) into.add(node.value);
    }
    for (const option of Object.values(node.options ?? {})) argumentsOf(option.value, into);
  }
  return into;
}

describe('message catalogues', () => {
  const english = CATALOGUES.en;
  const keys = Object.keys(english).sort();

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the keys of en', (language) => {
    const own = Object.keys(CATALOGUES[language]).sort();
    expect({
      missing: keys.filter((k) => !own.includes(k)),
      extra: own.filter((k) => !keys.includes(k)),
    }).toEqual({ missing: [], extra: [] });
  });

  it.each(LANGUAGES)('every %s message compiles, with the arguments of its English message', (language) => {
    const wrong: string[] = [];
    for (const [key, source] of Object.entries(CATALOGUES[language])) {
      let names: Set<string>;
      try {
        names = argumentsOf(new IntlMessageFormat(source, language).getAst());
      } catch (error) {
        wrong.push(`${key}: ${(error as Error).message}`);
        continue;
      }
      if (!english[key]) continue;
      const expected = argumentsOf(new IntlMessageFormat(english[key], 'en').getAst());
      const same = names.size === expected.size && [...names].every((n) => expected.has(n));
      if (!same)
        wrong.push(`${key}: arguments ${[...names].join(',')} instead of ${[...expected].join(',')}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(LANGUAGES)('no %s message is empty or a key', (language) => {
    const wrong = Object.entries(CATALOGUES[language])
      .filter(([key, source]) => source.trim() === '' || source === key)
      .map(([key]) => key);
    expect(wrong).toEqual([]);
  });
});

describe('every message is used', () => {
  /** Keys made from data (`cellStatus.${status}`): the prefix is used where the value is worded. */
  const DYNAMIC = [
    'level.',
    'incidentStatus.',
    'mode.',
    'category.',
    'itemKind.',
    'channel.',
    'cellStatus.',
    'answer.',
    'error.',
    'moment.',
    'mail.column.',
    'report.verdict.',
    'report.result.',
    'report.step.',
    // The console's words for values of the hub's enumerations (`term` in apps/console/src/language.ts).
    'console.role.',
    'console.via.',
    'console.electionStatus.',
    'console.severity.',
    'console.active.',
    'console.orgKind.',
    'console.visibility.',
    'console.runStatus.',
    'console.importState.',
    'console.bankKind.',
    'console.adminAction.',
    'console.peerState.',
    'console.distribution.',
  ];

  it('finds each English key (or its prefix, for keys made from data) in the code', () => {
    const { readdirSync, readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const { join } = jest.requireActual<typeof import('node:path')>('node:path');
    const root = join(__dirname, '../../..');
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name))
          sources.push(readFileSync(path, 'utf8'));
      }
    };
    for (const dir of ['libs', 'apps']) walk(join(root, dir));
    const code = sources.join('\n');
    const unused = Object.keys(CATALOGUES.en).filter((key) => {
      const prefix = DYNAMIC.find((p) => key.startsWith(p));
      return prefix
        ? !code.includes(`'${prefix}`) &&
            !code.includes(`\`${prefix}`) &&
            !code.includes(`'${prefix.slice(0, -1)}'`)
        : !code.includes(`'${key}'`);
    });
    expect(unused).toEqual([]);
  });
});
