import { lineOfPath } from '../yaml/yaml-lines';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { DomainError, ERROR_CODES, type ErrorDetail } from '../errors';

export type ScenarioContentType = 'yaml' | 'json';
export type FieldPath = readonly (string | number)[];

/** A scenario file read into plain data, with a way back from a field to its line in the text. */
export interface ScenarioSource {
  readonly raw: unknown;
  /** The line of the deepest node along `path` that exists (a missing field points at its parent). */
  lineOf(path: FieldPath): number;
}

/**
 * Reads YAML or JSON. Syntax errors are VALIDATION_FAILED with their lines. JSON is parsed by JSON.parse
 * (so YAML-only syntax stays refused) and located with the YAML parser, JSON being a subset of YAML 1.2;
 * where that fails every field points at line 1.
 */
export function readScenarioSource(text: string, contentType: ScenarioContentType): ScenarioSource {
  if (typeof text !== 'string') throw syntaxError([{ line: 1, message: 'the scenario must be text' }]);
  return contentType === 'json' ? readJson(text) : readYaml(text);
}

function readYaml(text: string): ScenarioSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw syntaxError(
      doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        message: `not valid YAML: ${firstLine(e.message)}`,
      })),
    );
  }
  return { raw: plainData(doc), lineOf: (path) => locate(doc, lineCounter, path) };
}

/**
 * A YAML document as plain data. Aliases expand when read, so a few lines can stand for millions of
 * nodes (the "billion laughs"): the YAML library refuses past its alias budget, and so does the hub, as
 * a refusal of the text rather than a failure of the hub.
 */
function plainData(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error;
    throw syntaxError([{ line: 1, message: `not valid YAML: ${firstLine(error.message)}` }]);
  }
}

function readJson(text: string): ScenarioSource {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw syntaxError([{ line: jsonErrorLine(text), message: `not valid JSON: ${message}` }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const located = doc.errors.length === 0;
  return { raw, lineOf: (path) => (located ? locate(doc, lineCounter, path) : 1) };
}

/**
 * The line where `text` stops being JSON. JSON.parse does not always say where (Node 20 reports an
 * unexpected token by quoting it), so a minimal scanner finds the first offending character.
 */
function jsonErrorLine(text: string): number {
  let offset: number;
  try {
    offset = jsonErrorOffset(text);
  } catch {
    // Nesting deep enough to exhaust the stack: no line rather than no answer.
    return 1;
  }
  return text.slice(0, offset).split('\n').length;
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

function jsonErrorOffset(text: string): number {
  let i = 0;
  const stop = {};
  const fail = (): never => {
    throw stop;
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c < ' ') fail();
      i += c === '\\' ? 2 : 1;
    }
    fail();
  };
  const sequence = (close: string, entry: () => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      entry();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') fail();
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      sequence('}', () => {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    } else if (c === '[') {
      sequence(']', value);
    } else if (c === '"') {
      string();
    } else {
      LITERAL.lastIndex = i;
      if (!LITERAL.test(text)) fail();
      i = LITERAL.lastIndex;
    }
  };
  try {
    value();
    space();
    return i < text.length ? i : text.length;
  } catch (error) {
    if (error !== stop) throw error;
    return Math.min(i, text.length);
  }
}

function syntaxError(details: (ErrorDetail & { line: number })[]): DomainError {
  return new DomainError(
    ERROR_CODES.VALIDATION_FAILED,
    details.map((d) => `line ${d.line}: ${d.message}`).join('; '),
    details,
  );
}

const firstLine = (message: string): string => message.split('\n')[0];

function locate(doc: Document, lineCounter: LineCounter, path: FieldPath): number {
  return lineOfPath(doc, lineCounter, path) ?? 1;
}
