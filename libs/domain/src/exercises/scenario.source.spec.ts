// @hub/contracts also loads the class-validator DTOs, whose decorators need Reflect metadata.
import 'reflect-metadata';
import { ERROR_CODES } from '../core/errors';
import { fails, thrown } from './scenario.fixture';
import { readScenarioSource } from './scenario.source';

const JSON_SCENARIO = `{
  "name": "JSON drill",
  "category": "other",
  "level": "awareness",
  "organisations": {
    "coord": { "kind": "coordinator" },
    "vs": { "kind": "platform", "platformKey": "vs", "domains": ["vs.example"] }
  },
  "injects": [
    { "at": "0m", "by": "coord", "do": "activate", "title": "Declared" },
    {
      "at": "1m",
      "by": "coord",
      "do": "post",
      "text": "hello"
    }
  ]
}`;

describe('readScenarioSource: JSON with positions', () => {
  it('names the line of a field, of an entry, and of the parent of a missing field', () => {
    const source = readScenarioSource(JSON_SCENARIO, 'json');
    expect(source.raw).toMatchObject({ name: 'JSON drill', injects: [{ do: 'activate' }, { do: 'post' }] });
    expect(source.lineOf(['name'])).toBe(2);
    expect(source.lineOf(['organisations', 'vs', 'domains', 0])).toBe(7);
    expect(source.lineOf(['injects', 0, 'title'])).toBe(10);
    expect(source.lineOf(['injects', 1])).toBe(11);
    expect(source.lineOf(['injects', 1, 'text'])).toBe(15);
    expect(source.lineOf(['injects', 1, 'summary'])).toBe(11);
    expect(source.lineOf([])).toBe(1);
  });

  it('keeps the lines where YAML would not read the JSON (a repeated key, as JSON.parse allows)', () => {
    const text = JSON_SCENARIO.replace(
      '"level": "awareness",',
      '"level": "awareness",\n  "level": "crisis",',
    ).replace('"by": "coord",\n      "do": "post"', '"by": "fr",\n      "do": "post"');
    const error = fails(text, 'json');
    // The last of repeated keys counts; the unknown cast member is named on its own line, not line 1.
    expect(error.details).toEqual([{ line: 14, field: 'injects[1].by', message: 'no cast member "fr"' }]);
  });

  it('names the line and column where the text stops being JSON', () => {
    const error = fails('{\n  "name": "x",\n  "level": crisis\n}', 'json');
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
    expect(error.message).toBe('line 3: not valid JSON: invalid symbol at column 12');
    expect(error.details).toEqual([{ line: 3, message: 'not valid JSON: invalid symbol at column 12' }]);
  });

  it('refuses what JSON does not allow: comments, trailing commas, an empty text', () => {
    expect(fails('// a note\n{ "name": "x" }', 'json').details).toEqual([
      { line: 1, message: 'not valid JSON: invalid comment token at column 1' },
    ]);
    expect(fails('{ "name": "x", }', 'json').details[0]).toMatchObject({
      line: 1,
      message: expect.stringMatching(/^not valid JSON: property name expected/),
    });
    expect(fails('', 'json').details).toEqual([
      { line: 1, message: 'not valid JSON: value expected at column 1' },
    ]);
  });

  it('answers deeply nested JSON with a refusal, not a crash', () => {
    const deep = `{"name": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = thrown(() => readScenarioSource(deep, 'json'));
    expect(error.code).toBe(ERROR_CODES.VALIDATION_FAILED);
  });
});
