import { DomainError, ERROR_CODES } from '../core/errors';
import { readScenarioSource } from './scenario.source';

describe('a scenario text that expands when read', () => {
  it('refuses an alias bomb as invalid YAML, not as a failure of the hub', () => {
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    let error: unknown;
    try {
      readScenarioSource(lines.join('\n'), 'yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect((error as DomainError).message).toMatch(/not valid YAML: Excessive alias count/);
  });

  it('still reads a few aliases', () => {
    const source = readScenarioSource('base: &b { a: 1 }\nfirst: *b\nsecond: *b\n', 'yaml');
    expect(source.raw).toEqual({ base: { a: 1 }, first: { a: 1 }, second: { a: 1 } });
  });
});
