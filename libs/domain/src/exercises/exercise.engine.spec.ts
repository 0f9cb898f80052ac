// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { completionSeconds } from './exercise.engine';
import { parseScenario } from './scenario.parse';

const scenario = (injects: string, expectations: string) =>
  parseScenario(
    `name: t
category: other
level: incident
organisations:
  coord: { kind: coordinator }
  be: { kind: authority, country: BE }
  vs: { kind: platform, platformKey: vs, domains: [vs.example] }
injects:
${injects}
expectations:
${expectations}`,
    'yaml',
  );

describe('completionSeconds', () => {
  it('waits for the longest expectation after the last share', () => {
    const s = scenario(
      `  - { at: 0m, by: coord, do: activate, title: t }
  - { at: 10m, by: be, do: share, item: { kind: url, url: "https://vs.example/1", channel: referral } }
  - { at: 20m, by: coord, do: post, text: hello }`,
      `  - { platform: vs, acknowledgeWithin: 15m, actWithin: 1h }`,
    );
    expect(completionSeconds(s)).toBe(70 * 60);
  });

  it('is the last inject when it comes after every window', () => {
    const s = scenario(
      `  - { at: 0m, by: coord, do: activate, title: t }
  - { at: 10m, by: be, do: share, item: { kind: url, url: "https://vs.example/1", channel: referral } }
  - { at: 2h, by: coord, do: close, summary: done }`,
      `  - { platform: vs, acknowledgeWithin: 15m }`,
    );
    expect(completionSeconds(s)).toBe(2 * 3600);
  });

  it('is the last inject when nothing is shared', () => {
    const s = scenario(
      `  - { at: 0m, by: coord, do: activate, title: t }
  - { at: 5m, by: coord, do: post, text: hello }`,
      `  - { platform: vs, acknowledgeWithin: 15m }`,
    );
    expect(completionSeconds(s)).toBe(5 * 60);
  });
});
