// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { DomainError, ERROR_CODES } from '../errors';
import type { Inject, Scenario } from './scenario.model';
import { parseScenario } from './scenario.parse';

const PDQ = '6826f6357adc75a7bc1f66ad1ebbafeab4848d38269b6ecfb7ad187aef24104b';

/** Every `do` type, injects deliberately out of time order (line 14 comes before line 13 in time). */
const VALID = `name: Test scenario
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
function withLine(line: number, text: string): string {
  const lines = VALID.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const fails = (text: string, contentType: 'yaml' | 'json' = 'yaml') =>
  thrown(() => parseScenario(text, contentType));

describe('parseScenario: a valid scenario', () => {
  let scenario: Scenario;
  beforeAll(() => {
    scenario = parseScenario(VALID, 'yaml');
  });

  it('reads the header and the cast', () => {
    expect(scenario).toMatchObject({ name: 'Test scenario', category: 'terrorist_content', level: 'crisis' });
    expect(scenario.description).toBeUndefined();
    expect(Object.keys(scenario.organisations)).toEqual(['coord', 'be', 'obs', 'videoshare', 'clipcast']);
    expect(scenario.organisations.be).toEqual({
      key: 'be',
      kind: 'authority',
      name: 'Federal police',
      country: 'BE',
      domains: [],
    });
    // A cast member without a name is called by its key.
    expect(scenario.organisations.obs).toEqual({ key: 'obs', kind: 'observer', name: 'obs', domains: [] });
    expect(scenario.organisations.videoshare).toMatchObject({
      platformKey: 'videoshare',
      domains: ['videoshare.example'],
    });
  });

  it('sorts injects by time, keeping each one index and line in the file', () => {
    expect(scenario.injects.map((i) => [i.index, i.line, i.atSeconds, i.do])).toEqual([
      [0, 11, 0, 'activate'],
      [1, 12, 120, 'share'],
      [3, 14, 180, 'share'],
      [2, 13, 540, 'contain'],
      [4, 15, 1200, 'post'],
      [5, 16, 1500, 'level'],
      [6, 17, 1800, 'contain'],
      [7, 18, 2400, 'stand_down'],
      [8, 19, 3600, 'close'],
    ]);
  });

  it('reads every kind of inject', () => {
    const byIndex = new Map(scenario.injects.map((i) => [i.index, i]));
    expect(byIndex.get(0)).toEqual({
      index: 0,
      line: 11,
      atSeconds: 0,
      by: 'coord',
      do: 'activate',
      title: 'Attack livestream spreading',
      criteria: ['ongoing violent event'],
    });
    expect(byIndex.get(1)).toMatchObject({
      by: 'be',
      do: 'share',
      as: 'clip1',
      item: {
        kind: 'url',
        url: 'https://videoshare.example/v/abc',
        channel: 'removal_order',
        legalReference: 'TCO art. 3',
      },
    });
    expect(byIndex.get(3)).toMatchObject({
      do: 'share',
      item: { kind: 'hash', hash: { algorithm: 'pdq', value: PDQ, quality: 90 }, channel: 'alert' },
    });
    // Without `platform:`, a platform records its own containment.
    expect(byIndex.get(2)).toMatchObject({
      do: 'contain',
      item: 'clip1',
      platform: 'videoshare',
      status: 'acknowledged',
    });
    expect(byIndex.get(6)).toMatchObject({
      by: 'coord',
      do: 'contain',
      item: 'hash1',
      platform: 'videoshare',
      status: 'not_found',
    });
    expect(byIndex.get(4)).toMatchObject({ do: 'post', text: 'Second wave of re-uploads expected' });
    expect(byIndex.get(5)).toMatchObject({ do: 'level', level: 'incident' });
    expect(byIndex.get(7)).toMatchObject({ do: 'stand_down', rationale: 'Volume dropped' });
    expect(byIndex.get(8)).toMatchObject({ do: 'close', summary: 'Contained' });
  });

  it('reads expectations in seconds', () => {
    expect(scenario.expectations).toEqual([
      { platform: 'videoshare', acknowledgeWithinSeconds: 900, actWithinSeconds: 3600 },
      { platform: 'clipcast', actWithinSeconds: 5400 },
    ]);
  });

  it('reads the same scenario written as JSON, with the lines of its injects', () => {
    const fromYaml = parseScenario(VALID, 'yaml');
    const json = JSON.stringify(
      {
        name: 'Test scenario',
        category: 'terrorist_content',
        level: 'crisis',
        organisations: {
          coord: { kind: 'coordinator', name: 'EU coordination' },
          be: { kind: 'authority', country: 'BE', name: 'Federal police' },
          obs: { kind: 'observer' },
          videoshare: { kind: 'platform', platformKey: 'videoshare', domains: ['videoshare.example'] },
          clipcast: { kind: 'platform', platformKey: 'clipcast', domains: ['clipcast.example'] },
        },
        injects: fromYaml.injects
          .slice()
          .sort((a, b) => a.index - b.index)
          .map(({ index: _index, line: _line, atSeconds, platform, ...rest }: Record<string, unknown>) => ({
            at: `${atSeconds as number}s`,
            ...rest,
            ...(platform !== rest.by && { platform }),
          })),
        expectations: [
          { platform: 'videoshare', acknowledgeWithin: '15m', actWithin: '60m' },
          { platform: 'clipcast', actWithin: '1h30m' },
        ],
      },
      null,
      2,
    );
    const fromJson = parseScenario(json, 'json');
    const withoutLine = ({ line: _line, ...rest }: Inject) => rest;
    expect(fromJson.injects.map(withoutLine)).toEqual(fromYaml.injects.map(withoutLine));
    const lines = json.split('\n');
    for (const inject of fromJson.injects) {
      // Each inject points at the line opening its entry in the injects array.
      expect(lines[inject.line - 1].trim()).toBe('{');
      expect(lines[inject.line].trim()).toMatch(/^"at": /);
    }
    expect(fromJson.injects.map((i) => i.line)).not.toContain(1);
  });

  it('accepts a bare 0 as a time and keeps equal times in file order', () => {
    const text = withLine(11, '  - { at: 0, by: coord, do: activate, title: Declared }').replace(
      'at: 2m',
      'at: 0',
    );
    const parsed = parseScenario(text, 'yaml');
    expect(parsed.injects.slice(0, 2).map((i) => [i.index, i.atSeconds])).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it('lets an authority notify and a coordinator activate later', () => {
    const text = withLine(11, '  - { at: 0m, by: be, do: activate, title: Possible crisis }').replace(
      '  - { at: 20m, by: coord, do: post',
      '  - { at: 19m, by: coord, do: activate, title: Confirmed }\n  - { at: 20m, by: coord, do: post',
    );
    expect(
      parseScenario(text, 'yaml')
        .injects.filter((i) => i.do === 'activate')
        .map((i) => i.by),
    ).toEqual(['be', 'coord']);
  });
});

describe('parseScenario: mistakes name their line and field', () => {
  const expectProblem = (error: DomainError, line: number, field: string | undefined, message: RegExp) => {
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
    const detail = error.details.find((d) => d.line === line && d.field === field);
    expect(detail).toBeDefined();
    expect(detail!.message).toMatch(message);
    const prefix = field === undefined ? `line ${line}: ` : `line ${line}: ${field}: `;
    expect(error.message).toContain(`${prefix}${detail!.message}`);
  };

  it('an unknown cast member in by', () => {
    const error = fails(
      withLine(13, '  - { at: 9m, by: fr, do: contain, item: clip1, status: acknowledged }'),
    );
    expect(error.message).toBe('line 13: injects[2].by: no cast member "fr"');
    expect(error.details).toEqual([{ line: 13, field: 'injects[2].by', message: 'no cast member "fr"' }]);
  });

  it('a bad duration', () => {
    const error = fails(withLine(15, '  - { at: 20x, by: coord, do: post, text: Second wave }'));
    expectProblem(error, 15, 'injects[4].at', /"20x" is not a duration/);
  });

  it('a number of seconds without a unit', () => {
    const error = fails(withLine(15, '  - { at: 1200, by: coord, do: post, text: Second wave }'));
    expectProblem(error, 15, 'injects[4].at', /has no unit/);
  });

  it('a duration longer than 7 days', () => {
    const error = fails(withLine(22, '  - { platform: clipcast, actWithin: 200h }'));
    expectProblem(error, 22, 'expectations[1].actWithin', /longer than 7 days/);
  });

  it('a contain referencing an unknown share', () => {
    const error = fails(
      withLine(13, '  - { at: 9m, by: videoshare, do: contain, item: clip9, status: acknowledged }'),
    );
    expectProblem(error, 13, 'injects[2].item', /no share with as: "clip9"/);
  });

  it('a contain referencing a share that comes later in time, though earlier in the file', () => {
    const text = VALID.replace(
      '  - { at: 2m, by: be, do: share, as: clip1',
      '  - { at: 10m, by: be, do: share, as: clip1',
    );
    const error = fails(text);
    expect(error.details).toHaveLength(1);
    expectProblem(error, 13, 'injects[2].item', /"clip1" is shared later \(injects\[1\] at 10m\)/);
  });

  it('a removal order shared by a platform', () => {
    const error = fails(VALID.replace('at: 2m, by: be, do: share', 'at: 2m, by: videoshare, do: share'));
    expectProblem(
      error,
      12,
      'injects[1].item.channel',
      /only an authority may issue a removal order, not a platform \("videoshare"\)/,
    );
  });

  it('a removal order without its legal reference', () => {
    const error = fails(VALID.replace(', legalReference: "TCO art. 3"', ''));
    expectProblem(error, 12, 'injects[1].item.legalReference', /is required for a removal order/);
  });

  it('an unknown key, pointing at the key', () => {
    const error = fails(withLine(15, '  - { at: 20m, by: coord, do: post, text: Second wave, colour: red }'));
    expectProblem(error, 15, 'injects[4].colour', /unknown field; expected one of at, by, do, text/);
  });

  it('an unknown key in a nested item', () => {
    const error = fails(VALID.replace('channel: alert }', 'channel: alert, urgency: high }'));
    expectProblem(error, 14, 'injects[3].item.urgency', /unknown field/);
  });

  it('a missing name', () => {
    const error = fails(`# a comment first\n${VALID.replace('name: Test scenario\n', '')}`);
    expectProblem(error, 2, 'name', /is required/);
  });

  it('expectations on a non-platform', () => {
    const error = fails(withLine(21, '  - { platform: be, acknowledgeWithin: 15m }'));
    expectProblem(error, 21, 'expectations[0].platform', /"be" is an authority, not a platform/);
  });

  it('an expectation with neither acknowledgeWithin nor actWithin', () => {
    const error = fails(withLine(22, '  - { platform: clipcast }'));
    expectProblem(error, 22, 'expectations[1]', /needs acknowledgeWithin, actWithin or both/);
  });

  it('bad YAML syntax', () => {
    const error = fails(withLine(3, 'category: other'));
    expectProblem(error, 3, undefined, /not valid YAML: Map keys must be unique/);
  });

  it('an unclosed flow mapping', () => {
    const error = fails(withLine(15, '  - { at: 20m, by: coord, do: post, text: [Second wave }'));
    expect(error.details[0].field).toBeUndefined();
    expect(error.details[0].line).toBe(15);
    expect(error.message).toMatch(/^line 15: not valid YAML/);
  });

  it('a root that is not a mapping', () => {
    const error = fails('- name: Test\n- category: other\n');
    expect(error.details).toEqual([{ line: 1, message: expect.stringMatching(/must be a mapping/) }]);
    expect(fails('just text').details).toEqual([
      { line: 1, message: expect.stringMatching(/must be a mapping/) },
    ]);
    expect(fails('').details).toEqual([{ line: 1, message: expect.stringMatching(/is empty/) }]);
    expect(fails('[1, 2]', 'json').details).toEqual([
      { line: 1, message: expect.stringMatching(/must be a mapping/) },
    ]);
  });

  it('bad JSON syntax, with its line', () => {
    const error = fails('{\n  "name": "x",\n  "level": crisis\n}', 'json');
    expectProblem(error, 3, undefined, /not valid JSON/);
  });

  it.each([
    ['a trailing comma', '{\n  "name": "x",\n  "level": "crisis",\n}', 4],
    ['a missing comma', '{\n  "name": "x"\n  "level": "crisis"\n}', 3],
    ['an unterminated string', '{\n  "name": "x",\n  "level": "cri', 3],
    ['trailing text', '{ "name": "x" }\n\nmore', 3],
  ])('bad JSON syntax: %s, with its line', (_what, text, line) => {
    expectProblem(fails(text, 'json'), line, undefined, /not valid JSON/);
  });

  it('a mistake in JSON, on the line of its inject', () => {
    const json = JSON.stringify(
      {
        name: 'x',
        category: 'other',
        level: 'awareness',
        organisations: { coord: { kind: 'coordinator' } },
        injects: [
          { at: '0m', by: 'coord', do: 'activate', title: 'Declared' },
          { at: '1m', by: 'fr', do: 'post', text: 'hello' },
        ],
      },
      null,
      2,
    );
    const line = json.split('\n').findIndex((l) => l.includes('"fr"')) + 1;
    expectProblem(fails(json, 'json'), line, 'injects[1].by', /no cast member "fr"/);
  });

  it('collects every problem, in line order', () => {
    let text = withLine(13, '  - { at: 9m, by: fr, do: contain, item: clip1, status: acknowledged }');
    text = text
      .replace('text: Second wave of re-uploads expected', 'text: ""')
      .replace('category: terrorist_content', 'category: war');
    const error = fails(text);
    expect(error.details.map((d) => [d.line, d.field])).toEqual([
      [2, 'category'],
      [13, 'injects[2].by'],
      [15, 'injects[4].text'],
    ]);
    expect(error.message).toBe(
      'line 2: category: must be one of terrorist_content, violent_extremism, election_integrity, other; ' +
        'line 13: injects[2].by: no cast member "fr"; line 15: injects[4].text: must not be empty',
    );
  });
});

describe('parseScenario: the rules between fields', () => {
  const problemsOf = (text: string) => fails(text).details.map((d) => [d.line, d.field, d.message]);

  it('the incident is declared first, by a coordinator or an authority', () => {
    const text = VALID.replace('at: 2m, by: be, do: share', 'at: 0s, by: be, do: share').replace(
      'at: 0m, by: coord, do: activate',
      'at: 1m, by: coord, do: activate',
    );
    expect(problemsOf(text)).toEqual([
      [12, 'injects[1].do', expect.stringMatching(/first inject in time \(at 0m\) must be an activate/)],
    ]);
    expect(problemsOf(withLine(11, '  - { at: 0m, by: videoshare, do: activate, title: Declared }'))).toEqual(
      [[11, 'injects[0].by', 'a platform may not activate ("videoshare")']],
    );
  });

  it('a lifecycle step in a state that forbids it', () => {
    const text = VALID.replace('at: 40m, by: coord, do: stand_down', 'at: 2h, by: coord, do: stand_down');
    expect(problemsOf(text)).toEqual([
      [18, 'injects[7].do', 'at 2h the incident is closed: it cannot stand down'],
    ]);
    const late = withLine(15, '  - { at: 1h1m, by: coord, do: post, text: Too late }');
    expect(problemsOf(late)).toEqual([
      [15, 'injects[4].do', 'at 1h1m the incident is already closed: no more post'],
    ]);
  });

  it('only a coordinator changes the level, stands down or closes', () => {
    expect(problemsOf(withLine(16, '  - { at: 25m, by: be, do: level, level: incident }'))).toEqual([
      [16, 'injects[5].by', 'an authority may not level ("be")'],
    ]);
  });

  it('an observer cannot post', () => {
    expect(problemsOf(withLine(15, '  - { at: 20m, by: obs, do: post, text: hi }'))).toEqual([
      [15, 'injects[4].by', 'an observer may not post ("obs")'],
    ]);
  });

  it('a platform records only its own containment, on items that concern it', () => {
    expect(
      problemsOf(
        withLine(
          13,
          '  - { at: 9m, by: clipcast, do: contain, item: clip1, platform: videoshare, status: acknowledged }',
        ),
      ),
    ).toEqual([
      [13, 'injects[2].by', 'only "videoshare" itself or a coordinator may record its containment'],
    ]);
    expect(
      problemsOf(
        withLine(13, '  - { at: 9m, by: clipcast, do: contain, item: clip1, status: acknowledged }'),
      ),
    ).toEqual([[13, 'injects[2].item', '"clip1" concerns platform videoshare, not clipcast']]);
    expect(
      problemsOf(withLine(17, '  - { at: 30m, by: coord, do: contain, item: hash1, status: not_found }')),
    ).toEqual([[17, 'injects[6].platform', 'is required when a coordinator records containment ("coord")']]);
  });

  it('a cell moves only as the containment machine allows', () => {
    const text = withLine(
      17,
      '  - { at: 30m, by: videoshare, do: contain, item: clip1, status: removed }',
    ).replace(
      '  - { at: 40m',
      '  - { at: 35m, by: videoshare, do: contain, item: clip1, status: acknowledged }\n  - { at: 40m',
    );
    expect(problemsOf(text)).toEqual([
      [
        18,
        'injects[7].status',
        'the cell of "clip1" on videoshare is removed by then: it cannot become acknowledged',
      ],
    ]);
    expect(
      problemsOf(withLine(13, '  - { at: 9m, by: videoshare, do: contain, item: clip1, status: no_action }')),
    ).toEqual([[13, 'injects[2].reason', 'is required for no_action']]);
  });

  it('share refs are unique', () => {
    const text = VALID.replace('as: hash1', 'as: clip1').replace('item: hash1', 'item: clip1');
    expect(problemsOf(text)).toEqual([
      [14, 'injects[3].as', '"clip1" already names the share of injects[1]'],
    ]);
  });

  it('items are checked as a share would check them', () => {
    expect(problemsOf(VALID.replace(`value: "${PDQ}"`, 'value: "abc"'))).toEqual([
      [14, 'injects[3].item.hash.value', 'a pdq hash must be exactly 64 hexadecimal digits'],
    ]);
    expect(
      problemsOf(VALID.replace('"https://videoshare.example/v/abc"', '"ftp://videoshare.example/v/abc"')),
    ).toEqual([[12, 'injects[1].item.url', 'must be an absolute http(s) URL']]);
    expect(
      problemsOf(VALID.replace('channel: alert }', 'channel: alert, url: "https://x.example/" }')),
    ).toEqual([[14, 'injects[3].item.url', 'is only for an item of kind url, this one is a hash']]);
    const account = '{ kind: account, account: { platformKey: tiktak, handle: "@x" }, channel: alert }';
    expect(problemsOf(VALID.replace(/item: \{ kind: hash.*channel: alert \}/, `item: ${account}`))).toEqual([
      [14, 'injects[3].item.account.platformKey', 'no platform of the cast has platformKey "tiktak"'],
    ]);
  });

  it('the cast: keys, kinds and what each kind needs', () => {
    expect(problemsOf(withLine(6, '  be: { kind: authority, name: Federal police }'))).toEqual([
      [6, 'organisations.be.country', 'is required for an authority'],
    ]);
    expect(problemsOf(withLine(9, '  clipcast: { kind: platform, domains: [clipcast.example] }'))).toEqual([
      [9, 'organisations.clipcast.platformKey', 'is required for a platform'],
    ]);
    expect(problemsOf(withLine(7, '  Obs: { kind: observer }'))).toEqual([
      [7, 'organisations.Obs', 'a cast key must be 1 to 32 of a-z, 0-9, _ and -, starting with a letter'],
    ]);
    expect(problemsOf(withLine(9, '  clipcast: { kind: platform, platformKey: videoshare }'))).toEqual([
      [9, 'organisations.clipcast.platformKey', '"videoshare" is already the platform of "videoshare"'],
    ]);
    expect(problemsOf(withLine(6, '  be: { kind: authority, country: be }'))).toEqual([
      [6, 'organisations.be.country', 'must be an ISO 3166 alpha-2 code like BE'],
    ]);
    expect(
      problemsOf(
        withLine(8, '  videoshare: { kind: platform, platformKey: videoshare, domains: ["not a host"] }'),
      ),
    ).toEqual([[8, 'organisations.videoshare.domains[0]', 'must be a hostname like videoshare.example']]);
  });

  it('at least one coordinator', () => {
    const text = VALID.replace(
      'coord: { kind: coordinator, name: EU coordination }',
      'coord: { kind: observer }',
    );
    const details = fails(text).details;
    expect(details[0]).toEqual({
      line: 4,
      field: 'organisations',
      message: 'must include at least one organisation of kind coordinator',
    });
  });

  it('reports the first 100 problems and counts the rest', () => {
    const bad = Array.from({ length: 150 }, () => '  - { at: 1m, by: nobody, do: post, text: hi }').join(
      '\n',
    );
    const error = fails(VALID.replace('expectations:', `${bad}\nexpectations:`));
    expect(error.details).toHaveLength(100);
    expect(error.details[0]).toEqual({
      line: 20,
      field: 'injects[9].by',
      message: 'no cast member "nobody"',
    });
    expect(error.message).toMatch(/; and 50 more problems$/);
  });

  it('limits the number of injects', () => {
    const many = Array.from({ length: 5001 }, () => '  - { at: 1m, by: coord, do: post, text: hi }').join(
      '\n',
    );
    const text = VALID.replace(/injects:\n[\s\S]*expectations:/, `injects:\n${many}\nexpectations:`);
    expect(problemsOf(text)).toEqual([[10, 'injects', 'must list at most 5000 injects']]);
  });
});
