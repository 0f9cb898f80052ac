// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import type { Inject, Scenario } from './scenario.model';
import { PDQ, VALID, withLine } from './scenario.fixture';
import { parseScenario } from './scenario.parse';

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
