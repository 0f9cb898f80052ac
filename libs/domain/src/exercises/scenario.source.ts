import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type JSONPath,
  type Node as JsonNode,
  type ParseError,
  type ParseErrorCode,
} from 'jsonc-parser';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { DomainError, ERROR_CODES, type ErrorDetail } from '../errors';
import { lineOfPath } from '../yaml/yaml-lines';

export type ScenarioContentType = 'yaml' | 'json';
export type FieldPath = readonly (string | number)[];

/** A scenario file read into plain data, with a way back from a field to its line in the text. */
export interface ScenarioSource {
  readonly raw: unknown;
  /** The line of the deepest node along `path` that exists (a missing field points at its parent). */
  lineOf(path: FieldPath): number;
}

/**
 * Reads YAML or JSON. Syntax errors are VALIDATION_FAILED with their lines. JSON is read by jsonc-parser
 * with comments and trailing commas refused (so what is not JSON stays refused), which keeps each
 * node's offset: every field of a JSON scenario is named with its line, as in YAML.
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
  return { raw: plainData(doc), lineOf: (path) => lineOfPath(doc, lineCounter, path) ?? 1 };
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
  const errors: ParseError[] = [];
  let tree: JsonNode | undefined;
  let raw: unknown;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    raw = tree === undefined ? undefined : getNodeValue(tree);
  } catch (error) {
    // Nesting deep enough to exhaust the stack: a clear refusal rather than no answer.
    if (!(error instanceof RangeError)) throw error;
    throw syntaxError([{ line: 1, message: 'not valid JSON: nested too deeply' }]);
  }
  // The first error only: the ones after it are mostly its consequences.
  const first = errors[0];
  if (first !== undefined) {
    const { line, column } = positionOf(text, first.offset);
    throw syntaxError([
      { line, message: `not valid JSON: ${describeJsonError(first.error)} at column ${column}` },
    ]);
  }
  return { raw, lineOf: (path) => (tree === undefined ? 1 : lineOfJsonPath(text, tree, path)) };
}

/** `InvalidSymbol` → `invalid symbol`. */
const describeJsonError = (code: ParseErrorCode): string =>
  printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * As `lineOfPath` does for YAML: the line of the deepest node along `path` that exists (a property at
 * its key, an array entry at its opening), the first line when nothing along the path does.
 */
function lineOfJsonPath(text: string, tree: JsonNode, path: FieldPath): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth) as JSONPath);
    if (node === undefined) continue;
    const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
    return positionOf(text, at).line;
  }
  return positionOf(text, tree.offset).line;
}

function syntaxError(details: (ErrorDetail & { line: number })[]): DomainError {
  return new DomainError(
    ERROR_CODES.VALIDATION_FAILED,
    details.map((d) => `line ${d.line}: ${d.message}`).join('; '),
    details,
  );
}

const firstLine = (message: string): string => message.split('\n')[0];
