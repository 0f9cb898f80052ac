// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { fails, PDQ, VALID, withLine } from './scenario.fixture';

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
