// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { DomainError, ERROR_CODES } from '../core/errors';
import { fails, VALID, withLine } from './scenario.fixture';

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

  describe('a text far wider than any scenario is refused at once, not field by field', () => {
    // Before, a 30,000-key mapping cost tens of seconds of CPU: the YAML library compared every key with
    // every other one, then each key became a problem with its own line look-up.
    const keys = Array.from({ length: 30_000 }, (_, i) => `"k${i}":1`);
    it.each([
      ['a YAML flow mapping', `{${keys.join(',')}}`, 'yaml'],
      ['a YAML block mapping', keys.map((k) => k.replace(':', ': ')).join('\n'), 'yaml'],
      ['a JSON object', `{${keys.join(',')}}`, 'json'],
    ] as const)('%s of 30,000 keys', (_, text, type) => {
      const error = fails(text, type);
      expect(error.message).toBe('line 1: a mapping of more than 1000 entries');
    });

    it('a list of more than 10,000 entries (twice the injects allowed, whose own limit speaks first)', () => {
      const error = fails(`name: x\ninjects: [${Array(10_001).fill('1').join(',')}]`);
      expect(error.message).toBe('line 2: a list of more than 10000 entries');
    });

    it('a repeated key, still found', () => {
      const error = fails('name: a\nname: b\n');
      expect(error.message).toBe('line 2: not valid YAML: Map keys must be unique');
    });
  });
});
